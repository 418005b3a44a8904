"""Indicator returns: importing a file, and recomputing the national set.

(returns_import) One trust's return at national shape (30 indicators x 12 quarters x every
breakdown, 14,040 rows; ``EQUITYHUB_BENCH_SCALE`` scales the indicators): read, screened for
identifiers and checked row by row — everything up to the preview, without the database write.
Baseline (the parse floor): ``polars.read_csv`` of the same bytes. A second line gives the
check's peak Python heap (tracemalloc) against the file's size.

(recompute) Full recomputation of the synthetic national set (42 boards and 200 trusts x 30
indicators x 12 quarters x every breakdown; ``EQUITYHUB_BENCH_SCALE`` scales the boards and
trusts): each area's values with 95% and 99.8% limits, small-number suppression, gap, ratio,
SII and RII, WHO measures for ethnicity, unknown shares, XmR chart and trend test, then the
systems, regions and England with suppression over the whole hierarchy — the computation the
platform stores, without the database writes. Baseline (the floor): bare numpy point values
(numerator / denominator) of the same cells.

Time: about 0.12 s of CPU per area and indicator on the 2-core development machine (December;
0.27 s before the SII engine and the disclosure audit were made faster, 1.1 s earlier still),
about 0.07 s of it the Monte Carlo limits of the SII (two deprivation breakdowns x 12 periods),
so the national default (242 areas x 30 indicators) should take about 15 minutes of CPU
(*estimate*; docs/operations/scaling.md). The rate in cells per second does not depend much on
the scale.
"""

from __future__ import annotations

import io
import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from benchmarks import _national
from benchmarks._timing import Entry, Measure, best_time, count_label, entry, sized


def _check(content: bytes, organisation: Any, indicators: dict[str, Any]) -> int:
    from equityhub.indicators.returns.parse import detect_format, read_table, screen_identifiers
    from equityhub.indicators.returns.validate import check_rows

    table = read_table("return.csv", content)
    screen_identifiers(table)
    detect_format(table)
    checked = check_rows(table, organisation, indicators)
    assert not checked.problems, checked.problems[:3]
    return len(checked.rows)


def _peak_megabytes(run: Any) -> float:
    """Peak Python heap of one run (tracemalloc; slows the run, so timed separately)."""
    import tracemalloc

    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def run_import() -> list[Entry]:
    import polars as pl

    _national.setup_django()
    every = _national.bench_indicators()
    indicators = dict(list(every.items())[: sized(len(every))])
    area = _national.Area("R000", "trust", "Q00", "Y00")
    rng = np.random.default_rng(20261128)
    rows = [row for code in indicators for row in _national.rows_for(area, code, rng)]
    content = _national.to_csv(rows)
    organisation = SimpleNamespace(code="R000", name="Benchmark trust")
    ours = best_time(lambda: _check(content, organisation, indicators), repeats=3)
    floor = best_time(lambda: pl.read_csv(io.BytesIO(content)), repeats=5)
    peak = _peak_megabytes(lambda: _check(content, organisation, indicators))
    size = len(content) / 1e6
    label = count_label(len(rows))
    return [
        entry(
            Measure(f"returns_import_check_{label}_rows", len(rows), "rows", ours),
            Measure("polars_read_csv_same_file", len(rows), "rows", floor),
        ),
        Entry(
            name="returns_import_peak_memory",
            size=len(rows),
            size_unit="rows",
            figure=peak,
            unit="MB",
            baseline="file_size",
            baseline_figure=size,
            baseline_unit="MB",
            ratio=peak / size,
        ),
    ]


def _organisation_pass(indicator: Any, cells: list[Any]) -> None:
    from equityhub.indicators.results.compute import (
        apply_disclosure,
        category_frame,
        unknown_shares,
    )
    from equityhub.indicators.results.deprivation import deprivation_measures
    from equityhub.indicators.results.store import overall_signal, sii_signal
    from equityhub.indicators.results.who import ethnicity_measures

    raw = category_frame(indicator, cells)
    shown = apply_disclosure(raw)
    rows: list[Any] = shown.to_dict("records")
    rows += deprivation_measures(indicator, raw, shown)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw, shown)
    overall_signal(indicator, shown)
    sii_signal(rows)


def _hierarchy_pass(indicator: Any, frame: pd.DataFrame) -> None:
    from equityhub.indicators.results.hierarchy import area_tables, protect
    from equityhub.indicators.results.recompute import _area_rows

    areas = protect(area_tables(frame))
    above = areas[areas["level"] != "organisation"]
    for _, group in above.groupby(["level", "area"]):
        _area_rows(indicator, group.reset_index(drop=True))


def _recompute(national: dict[str, list[list[Any]]], indicators: dict[str, Any]) -> None:
    from equityhub.indicators.registry.categories import parse_period
    from equityhub.indicators.results.hierarchy import Cell

    numbers = {p: parse_period(p)[1] for p in _national.PERIODS}  # type: ignore[index]
    by_area = {a.code: a for a in _national.areas()}
    for code, indicator in indicators.items():
        frames = []
        for area_code, rows in national.items():
            mine = [r for r in rows if r[0] == code]
            cells = [Cell(r[2], r[3], r[4], float(r[5]), float(r[6])) for r in mine]
            _organisation_pass(indicator, cells)
            area = by_area[area_code]
            frame = pd.DataFrame(
                mine,
                columns=["i", "a", "period", "breakdown", "category", "numerator", "denominator"],
            )
            frames.append(
                frame.assign(
                    period_number=frame["period"].map(numbers),
                    organisation=area.code,
                    kind=area.kind,
                    system=area.system,
                    region=area.region,
                ).astype({"numerator": float, "denominator": float})
            )
        _hierarchy_pass(indicator, pd.concat(frames, ignore_index=True))


def _bare_numpy(counts: list[np.ndarray]) -> None:
    for area in counts:
        _ = area[:, 0] / area[:, 1]


def run_recompute() -> tuple[Measure, Measure]:
    _national.setup_django()
    indicators = _national.bench_indicators()
    national = _national.national_rows()
    cells = sum(len(rows) for rows in national.values())
    start = time.perf_counter()
    _recompute(national, indicators)
    ours = time.perf_counter() - start
    counts = [np.array([(r[5], r[6]) for r in rows], dtype=float) for rows in national.values()]
    floor = best_time(lambda: _bare_numpy(counts), repeats=3)
    label = f"full_recompute_{len(national)}_areas_x30_indicators_x12_periods"
    return (
        Measure(label, cells, "cells", ours),
        Measure("bare_numpy_point_values", cells, "cells", floor),
    )
