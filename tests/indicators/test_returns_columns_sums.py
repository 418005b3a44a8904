"""The two ways `columns_sums` counts a return's sums (a table of cells by pairs, or bincounts
over the rows) flag the same cells, whatever is wrong with the file."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from equityhub.indicators.registry.categories import ETHNIC_GROUPS
from equityhub.indicators.returns import columns_sums
from equityhub.indicators.returns.columns_sums import rows_not_adding_up

COLUMNS = ["indicator", "period", "breakdown", "category", "numerator", "denominator"]


def _cell(rng: np.random.Generator, indicator: str, period: str) -> list[list[Any]]:
    """One (indicator, period): every breakdown, adding up, ethnic groups nested."""
    rows: list[list[Any]] = []
    deciles = rng.integers(5, 50, 10)
    total = int(deciles.sum()) + 7
    rows.append([indicator, period, "overall", "Total", total, total * 3])
    for d, x in enumerate(deciles, start=1):
        rows.append([indicator, period, "deprivation_decile", str(d), int(x), int(x) * 3])
    rows.append([indicator, period, "deprivation_decile", "Unknown", 7, 21])
    for q in range(5):
        x = int(deciles[2 * q] + deciles[2 * q + 1])
        rows.append([indicator, period, "deprivation_quintile", str(q + 1), x, x * 3])
    rows.append([indicator, period, "deprivation_quintile", "Unknown", 7, 21])
    left = total
    for group, codes in ETHNIC_GROUPS.items():
        counts = [int(c) for c in rng.integers(0, 4, len(codes))]
        left -= sum(counts)
        for code, x in zip(codes, counts, strict=True):
            rows.append([indicator, period, "ethnicity", code, x, x * 3])
        rows.append([indicator, period, "ethnic_group", group, sum(counts), sum(counts) * 3])
    rows.append([indicator, period, "ethnicity", "Z", left, left * 3])
    rows.append([indicator, period, "ethnic_group", "Unknown", left, left * 3])
    return rows


def _frame(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        r for i in ("a", "b") for p in ("2024-Q1", "2024-Q2", "2024-Q3") for r in _cell(rng, i, p)
    ]
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row").with_columns(
        pl.col("numerator", "denominator").cast(pl.Float64)
    )
    for _ in range(int(rng.integers(1, 4))):  # a few mistakes, gaps and missing counts
        index = int(rng.integers(frame.height))
        kind = int(rng.integers(3))
        if kind == 0:
            change = pl.col("numerator") + float(rng.integers(1, 9))
        elif kind == 1:
            change = pl.lit(None, pl.Float64)
        else:
            frame = frame.filter(pl.int_range(pl.len()) != index)
            continue
        frame = frame.with_columns(
            numerator=pl.when(pl.int_range(pl.len()) == index).then(change).otherwise("numerator")
        )
    return frame


@pytest.mark.parametrize("seed", range(40))
def test_the_table_and_the_row_counts_flag_the_same_cells(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _frame(seed)
    by_table = rows_not_adding_up(frame).to_list()
    monkeypatch.setattr(columns_sums, "table_fits", lambda *_: False)
    assert rows_not_adding_up(frame).to_list() == by_table


def test_a_clean_file_adds_up_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(1)
    rows = [r for p in ("2024-Q1", "2024-Q2") for r in _cell(rng, "a", p)]
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row").with_columns(
        pl.col("numerator", "denominator").cast(pl.Float64)
    )
    assert not rows_not_adding_up(frame).any()
    wrong = frame.with_columns(
        numerator=pl.when(pl.int_range(pl.len()) == 3).then(999.0).otherwise("numerator")
    )
    assert rows_not_adding_up(wrong).sum() == rows_not_adding_up(wrong).len() // 2
    monkeypatch.setattr(columns_sums, "table_fits", lambda *_: False)
    assert not rows_not_adding_up(frame).any()
    assert rows_not_adding_up(wrong).sum() == rows_not_adding_up(wrong).len() // 2
