"""Whether a return's breakdowns add up to its totals, on whole columns (see `returns.sums`).

The same rule as `returns.sums.sum_problems`, counted with numpy instead of row by row: each
breakdown against the overall total, and detailed categories against the broad one they nest
in; exactly when the breakdown is complete, never more than the whole when it is partial. It
only names the rows of the (indicator, period) cells that do not add up: `returns.sums` words
the problems of those. It expects rows without duplicates (the column check has found none).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from equityhub.indicators.registry.categories import ALLOWED, NESTED_IN, TOTAL, UNKNOWN_CATEGORIES
from equityhub.indicators.returns.sums import TOLERANCE

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def dense_codes(series: pl.Series) -> tuple[Ints, list[str]]:
    """(a small integer per row, the distinct values in code order)."""
    names = series.unique(maintain_order=True).to_list()
    codes = series.replace_strict(names, list(range(len(names))), return_dtype=pl.Int64)
    return codes.to_numpy(), [str(name) for name in names]


class _Groups:
    """Numbered groups: (breakdown, "") against the total, (broad, category) against its row."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.ids: dict[tuple[str, str], int] = {}
        self.top: list[int] = []  # per pair: its breakdown's group, or -1 for the total
        self.nested: list[int] = []  # per pair: the broad category's group, or -1
        self.named: list[int] = []  # per pair: the group this row is the whole of, or -1
        for breakdown, category in pairs:
            self.top.append(-1 if breakdown == "overall" else self._id(breakdown, ""))
            broad = NESTED_IN.get(breakdown)
            self.nested.append(self._id(broad[0], broad[1].get(category, "")) if broad else -1)
        broads = {(b, g) for b, mapping in NESTED_IN.values() for g in mapping.values()}
        self.named = [self.ids.get(pair, -1) if pair in broads else -1 for pair in pairs]

    def _id(self, breakdown: str, category: str) -> int:
        return self.ids.setdefault((breakdown, category), len(self.ids))

    def needs(self) -> tuple[npt.NDArray[np.bool_], Ints, Ints]:
        """Per group: whether it is a whole breakdown, and the (known) categories it needs."""
        size = len(self.ids)
        top, known, every = np.zeros(size, bool), np.zeros(size, np.int64), np.zeros(size, np.int64)
        for (breakdown, category), group in self.ids.items():
            if not category:
                top[group] = True
                vocabulary = ALLOWED.get(breakdown, ())
                known[group] = sum(1 for c in vocabulary if c not in UNKNOWN_CATEGORIES)
            else:
                mapping = next(m for b, m in NESTED_IN.values() if b == breakdown)
                every[group] = sum(1 for b in mapping.values() if b == category)
        return top, known, every


def rows_not_adding_up(staged: pl.DataFrame) -> pl.Series:
    """True for each row of an (indicator, period) cell whose sums do not add up."""
    indicators, _ = dense_codes(staged["indicator"])
    periods, period_names = dense_codes(staged["period"])
    cell = indicators * len(period_names) + periods
    if cell.size and int(cell.max()) >= cell.size:  # sparse: number the cells present
        cell = np.unique(cell, return_inverse=True)[1].astype(np.int64)
    pair_codes, pair_names = dense_codes(staged["breakdown"] + "\x1f" + staged["category"])
    pairs = [tuple(name.split("\x1f", 1)) for name in pair_names]
    groups = _Groups([(b, c) for b, c in pairs])
    if not groups.ids:  # only overall totals: nothing to add up
        return pl.Series([False] * staged.height, dtype=pl.Boolean)
    unknown = np.array([c in UNKNOWN_CATEGORIES for _, c in pairs])[pair_codes]
    is_total = np.array([pair == ("overall", TOTAL) for pair in pairs])[pair_codes]
    cells = int(cell.max()) + 1 if cell.size else 0
    wrong = np.zeros(cells, bool)
    for column in ("numerator", "denominator"):
        values = staged[column].to_numpy().astype(np.float64)
        wrong |= _column_wrong(values, cell, cells, pair_codes, groups, unknown, is_total)
    return pl.Series(wrong[cell] if cells else np.zeros(0, bool))


def _column_wrong(
    values: Floats,
    cell: Ints,
    cells: int,
    pair_codes: Ints,
    groups: _Groups,
    unknown: npt.NDArray[np.bool_],
    is_total: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Per cell: whether any group's column adds up other than its whole allows."""
    size = len(groups.ids) or 1
    missing = np.isnan(values)
    present = np.where(missing, 0.0, values)
    total = np.full(cells, np.nan)
    total[cell[is_total]] = values[is_total]
    whole = np.full(cells * size, np.nan)
    named = np.asarray(groups.named, np.int64)[pair_codes]
    has = named >= 0
    whole[cell[has] * size + named[has]] = values[has]
    keys_parts = []
    for per_pair in (groups.top, groups.nested):
        group = np.asarray(per_pair, np.int64)[pair_codes]
        keys_parts.append(np.where(group >= 0, cell * size + group, -1))
    keys = np.concatenate(keys_parts)
    used = keys >= 0
    keys = keys[used]
    length = cells * size
    twice = np.concatenate([present, present])[used]
    added = np.bincount(keys, weights=twice, minlength=length)
    rows = np.bincount(keys, minlength=length)
    absent = np.bincount(keys, weights=np.concatenate([missing, missing])[used], minlength=length)
    unknowns = np.bincount(keys, weights=np.concatenate([unknown, unknown])[used], minlength=length)
    top, needed_known, needed_all = groups.needs()
    group_of = np.tile(np.arange(size), cells)
    cell_of = np.repeat(np.arange(cells), size)
    whole = np.where(top[group_of], total[cell_of], whole)
    exact = np.where(
        top[group_of],
        (needed_known[group_of] > 0) & (rows - unknowns == needed_known[group_of]) & (unknowns > 0),
        rows == needed_all[group_of],
    )
    with np.errstate(invalid="ignore"):
        off = np.where(exact, np.abs(added - whole) > TOLERANCE, added > whole + TOLERANCE)
    counted = (rows > 0) & ~np.isnan(whole) & (absent == 0)
    return np.bincount(cell_of[counted & off], minlength=cells) > 0
