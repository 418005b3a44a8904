"""(b) Proportions and rates with limits, 1,000,000 rows in 100,000 groups.

Baseline (the floor): bare numpy point values only — ``bincount`` sums per group and a
division, no limits, no checks, groups given as integer codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks._timing import Measure, best_time
from equityhub.stats.indicators import proportion_by, rate_by

ROWS, GROUPS = 1_000_000, 100_000


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
    proportion_by(table, by="group", numerator="x", denominator="n", confidence=0.95)
    rate_by(table, by="group", numerator="x", denominator="n", confidence=0.95)


def run() -> tuple[Measure, Measure]:
    table = synthetic()
    ours = best_time(lambda: _ours(table), repeats=2)
    floor = best_time(lambda: _bare_numpy(table), repeats=3)
    return (
        Measure("proportion_and_rate_with_limits_1m_rows", ROWS, "rows", ours),
        Measure("bare_numpy_point_values", ROWS, "rows", floor),
    )
