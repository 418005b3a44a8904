"""(b) Proportions and rates with limits, 1,000,000 rows in 100,000 groups.

Ours: what an analyst calls for a proportion and a rate per group from the same counts —
:func:`~equityhub.stats.indicators.proportion_and_rate_by`: rows checked, grouped and summed
once, then both measures with their 95% limits, labels and keys in one output frame.
Baseline (the floor): bare numpy point values only — ``bincount`` sums per group and a
division, no limits, no checks, groups given as integer codes. The two take turns, seven runs
each, and the best of each counts (:func:`~benchmarks._timing.best_times`): one line by the
wall clock, one (``..._cpu_time``) by this process's CPU time, which other jobs on a shared
machine do not inflate.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from benchmarks import _national
from benchmarks._bulk import bare_insert_seconds, stored_rows
from benchmarks._timing import Entry, Measure, best_times, count_label, entry, sized
from equityhub.stats.indicators import proportion_and_rate_by

ROWS, GROUPS = sized(1_000_000, minimum=100), sized(100_000, minimum=10)


def synthetic(seed: int = 20260102) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    denominator = rng.integers(50, 2_000, ROWS).astype(float)
    numerator = rng.binomial(denominator.astype(int), 0.08).astype(float)
    group = rng.integers(0, GROUPS, ROWS)
    return pd.DataFrame({"group": group, "x": numerator, "n": denominator})


def _bare_numpy(table: pd.DataFrame) -> None:
    codes = table["group"].to_numpy()
    x = np.bincount(codes, weights=table["x"].to_numpy(), minlength=GROUPS)
    n = np.bincount(codes, weights=table["n"].to_numpy(), minlength=GROUPS)
    with np.errstate(invalid="ignore", divide="ignore"):
        _ = x / n, x / n * 100_000


def _ours(table: pd.DataFrame) -> None:
    proportion_and_rate_by(table, by="group", numerator="x", denominator="n", confidence=0.95)


def run() -> list[Entry]:
    """Two lines from the same runs: by the wall clock, and by this process's CPU time."""
    table = synthetic()
    # One untimed run of each first: the first call pays for imports and first allocations.
    _ours(table)
    _bare_numpy(table)
    ours, floor = best_times(lambda: _ours(table), lambda: _bare_numpy(table), repeats=7)
    name = f"proportion_and_rate_with_limits_{count_label(ROWS)}_rows"
    return [
        entry(
            Measure(name, ROWS, "rows", ours.wall),
            Measure("bare_numpy_point_values", ROWS, "rows", floor.wall),
        ),
        entry(
            Measure(f"{name}_cpu_time", ROWS, "rows", ours.cpu),
            Measure("bare_numpy_point_values_cpu_time", ROWS, "rows", floor.cpu),
        ),
    ]


def run_commit() -> list[Entry]:
    """(recompute_commit) One trust's commit recomputed after the whole national set is stored.

    The synthetic national set (``EQUITYHUB_BENCH_SCALE`` of 42 boards and 200 trusts, one
    indicator, 12 quarters, every breakdown) is stored in a fresh test database and recomputed
    in full (``recompute_national`` without ``changed``: every organisation and area rebuilt,
    as every commit did before). Then one trust commits a new return for every period and the
    background task recomputes what it reaches (the trust, its system, region and England,
    suppression over all).

    Three entries: the commit against the full recomputation in the same run (cells of the
    national set brought up to date per second); and each of the two against the floor the
    issue sets, a bare bulk insert of the same number of result rows into the same table
    (``benchmarks._bulk``), in result rows written per second.
    """
    from django.utils import timezone

    _national.setup_django()
    from equityhub.indicators import tasks
    from equityhub.indicators.models import DataPoint, Result
    from equityhub.indicators.results.recompute import recompute_national

    with _national.fresh_test_database() as connection:
        code = _national.indicator_codes()[0]
        loaded = _national.load_database([code])
        indicator = loaded["indicators"][code]
        cells = DataPoint.objects.filter(indicator=indicator).count()
        start = time.perf_counter()
        recompute_national(indicator)
        full = time.perf_counter() - start
        columns, every_row = stored_rows(Result, indicator=indicator)
        area = next(a for a in _national.areas() if a.kind == "trust")
        organisation = loaded["organisations"][area.code]
        rng = np.random.default_rng(20261129)
        _national.store_return(organisation, {code: indicator}, area, rng)
        begun = timezone.now()
        start = time.perf_counter()
        tasks.compute_results.call(organisation_id=organisation.pk, codes=[code])
        commit = time.perf_counter() - start
        _, commit_rows = stored_rows(Result, indicator=indicator, computed_at__gte=begun)
        full_floor = bare_insert_seconds(connection, Result, columns, every_row)
        commit_floor = bare_insert_seconds(connection, Result, columns, commit_rows)
    areas = len(loaded["organisations"])
    insert = "copy" if connection.vendor == "postgresql" else "executemany"
    written, rewritten = len(every_row), len(commit_rows)
    return [
        entry(
            Measure(f"one_commit_recompute_{areas}_areas_x1_indicator", cells, "cells", commit),
            Measure("full_national_recompute_same_run", cells, "cells", full),
        ),
        entry(
            Measure(f"one_commit_recompute_{areas}_areas", rewritten, "result rows", commit),
            Measure(f"bare_{insert}_same_result_rows", rewritten, "result rows", commit_floor),
        ),
        entry(
            Measure(f"full_national_recompute_{areas}_areas", written, "result rows", full),
            Measure(f"bare_{insert}_same_result_rows", written, "result rows", full_floor),
        ),
    ]
