"""A national file: about a million aggregate rows checked, previewed and committed.

(returns_national) The check of a national-size tidy CSV (1,000,000 rows by default;
``EQUITYHUB_BENCH_SCALE`` scales it, e.g. 0.1 for a quick run): read, screened for identifiers,
checked and summarised for the preview — what `return_check` does before it writes the preview.
Baseline: ``polars.read_csv`` of the same bytes (the parse floor). A second line gives the
check's peak memory (the process's peak resident set growth, which counts polars' own buffers
as well as Python objects) against the file's size.

(returns_commit) `return_commit` of that file's preview in a fresh test database (SQLite in
memory, or the PostgreSQL of ``DATABASE_URL``): staged rows read back, every row inserted, the
return marked committed, in one transaction. Baseline: a bare bulk insert of the same rows into
the same table (``executemany`` of prepared tuples on SQLite, ``COPY`` of prepared CSV on
PostgreSQL), rolled back.

The file is one organisation's return at national size: the synthetic trust of
`returns_import` (30 indicators, every breakdown, counts adding up) repeated over monthly
periods until it reaches the row count.
"""

from __future__ import annotations

import io
import resource
import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import polars as pl

from benchmarks import _national
from benchmarks._bulk import bare_insert_seconds
from benchmarks._timing import Entry, Measure, best_time, entry

NATIONAL_ROWS = 1_000_000


def national_file() -> tuple[bytes, int]:
    """(CSV bytes, rows) of one organisation's return of about NATIONAL_ROWS * scale rows."""
    rng = np.random.default_rng(20261207)
    area = _national.Area("R000", "trust", "Q00", "Y00")
    rows = [r for code in _national.indicator_codes() for r in _national.rows_for(area, code, rng)]
    base = pl.DataFrame(rows, schema=_national.HEADER, orient="row")
    quarters = {p: i for i, p in enumerate(_national.PERIODS)}
    wanted = max(1, round(NATIONAL_ROWS * _national.scale()))
    blocks = max(1, round(wanted / base.height))
    frames = []
    for block in range(blocks):
        months = {
            p: f"{1900 + (block * 12 + i) // 12}-{(block * 12 + i) % 12 + 1:02d}"
            for p, i in quarters.items()
        }
        frames.append(base.with_columns(pl.col("period").replace_strict(months)))
    national = pl.concat(frames)
    return national.write_csv().encode(), national.height


def _peak_rss_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _check(content: bytes, organisation: Any, indicators: dict[str, Any]) -> Any:
    from equityhub.indicators.returns.fast import check_by_columns, frame_summary

    checked = check_by_columns("national.csv", content, organisation, indicators)
    assert checked is not None and checked.frame is not None, "should check clean by columns"
    frame_summary(checked)  # as `return_check` makes the preview's summary
    return checked.frame


def run_check() -> list[Entry]:
    _national.setup_django()
    indicators = _national.bench_indicators()
    content, rows = national_file()
    organisation = SimpleNamespace(code="R000", name="Benchmark trust")
    before = _peak_rss_megabytes()
    _check(content, organisation, indicators)
    peak = _peak_rss_megabytes() - before
    ours = best_time(lambda: _check(content, organisation, indicators), repeats=3)
    floor = best_time(lambda: pl.read_csv(io.BytesIO(content)), repeats=3)
    size = len(content) / 1e6
    memory = Entry(
        name="returns_national_peak_memory",
        size=rows,
        size_unit="rows",
        figure=peak,
        unit="MB",
        baseline="file_size",
        baseline_figure=size,
        baseline_unit="MB",
        ratio=peak / size,
    )
    return [
        entry(
            Measure(f"returns_national_check_{rows}_rows", rows, "rows", ours),
            Measure("polars_read_csv_same_file", rows, "rows", floor),
        ),
        memory,
    ]


def _fixtures(content: bytes) -> tuple[Any, Any, Any]:
    """A lead of a trust, the benchmark indicators, and a checked preview of the file."""
    from equityhub.core.models import User
    from equityhub.indicators.returns.services import return_check
    from equityhub.people.models import Organisation

    for indicator in _national.bench_indicators().values():
        indicator.description = indicator.source = "synthetic benchmark indicator"
        indicator.save()
    organisation = Organisation.objects.create(code="R000", name="Benchmark trust", kind="trust")
    user = User.objects.create_user(email="lead@example.org", password="x" * 20)
    _make_lead(user, organisation)
    preview = return_check(
        actor=user, organisation=organisation, filename="national.csv", content=content
    )
    assert preview.data_return is not None, preview.problems[:3]
    return user, organisation, preview.data_return


def _make_lead(user: Any, organisation: Any) -> None:
    from equityhub.people.models import Membership

    Membership.objects.create(user=user, organisation=organisation, role="lead", status="approved")


def _bare_insert(connection: Any, data_return: Any, content: bytes) -> float:
    """Seconds to insert the same rows with the database's bare bulk path (rolled back)."""
    from equityhub.indicators.models import DataPoint, Indicator
    from equityhub.indicators.returns.staging import POINT_COLUMNS

    ids = dict(Indicator.objects.values_list("code", "pk"))
    frame = pl.read_csv(io.BytesIO(content), infer_schema_length=0).select(
        pl.lit(data_return.pk).alias("data_return_id"),
        pl.col("indicator").replace_strict(ids, return_dtype=pl.Int64).alias("indicator_id"),
        "area_code",
        "period",
        "breakdown",
        "category",
        pl.col("numerator").cast(pl.Float64),
        pl.col("denominator").cast(pl.Float64),
        pl.lit(None, pl.Float64).alias("value"),
        pl.lit(None, pl.Float64).alias("lower_95"),
        pl.lit(None, pl.Float64).alias("upper_95"),
    )
    return bare_insert_seconds(connection, DataPoint, list(POINT_COLUMNS), frame.rows())


def run_commit() -> tuple[Measure, Measure]:
    _national.setup_django()  # as `returns_national` (in one run, Django is set up once)
    from equityhub.indicators.returns.services import return_commit

    content, rows = national_file()
    with _national.fresh_test_database() as connection:
        user, _, data_return = _fixtures(content)
        floor = _bare_insert(connection, data_return, content)
        start = time.perf_counter()
        return_commit(actor=user, data_return=data_return, recompute=False)
        ours = time.perf_counter() - start
        assert data_return.points.count() == rows
    insert = "copy" if connection.vendor == "postgresql" else "executemany"
    return (
        Measure(f"returns_commit_{rows}_rows_{connection.vendor}", rows, "rows", ours),
        Measure(f"bare_{insert}_same_rows", rows, "rows", floor),
    )
