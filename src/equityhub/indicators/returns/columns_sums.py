"""Whether a return's breakdowns add up to its totals, on whole columns (see `returns.sums`).

The same rule as `returns.sums.sum_problems`, counted with numpy instead of row by row: each
breakdown against the overall total, and detailed categories against the broad one they nest
in; exactly when the breakdown is complete, never more than the whole when it is partial. It
only names the rows of the (indicator, period) cells that do not add up: `returns.sums` words
the problems of those. It expects rows without duplicates (the column check has found none).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass
class SumKeys:
    """Per row: its (indicator, period) cell and its index into ``pairs`` (breakdown, category)."""

    cell: Ints
    pair: Ints
    pairs: list[tuple[str, str]]


def sum_keys(staged: pl.DataFrame) -> SumKeys:
    """The keys of staged rows, numbered from their text (the column check has them already)."""
    indicators, _ = dense_codes(staged["indicator"])
    periods, period_names = dense_codes(staged["period"])
    pair_codes, pair_names = dense_codes(staged["breakdown"] + "\x1f" + staged["category"])
    pairs = [(b, c) for b, c in (name.split("\x1f", 1) for name in pair_names)]
    return SumKeys(indicators * len(period_names) + periods, pair_codes, pairs)


def table_fits(cells: int, pairs: int, rows: int) -> bool:
    """Whether a table of cells by pairs is small beside the rows (most cells hold most pairs)."""
    return cells * pairs <= 4 * rows + 1024


def rows_not_adding_up(staged: pl.DataFrame, keys: SumKeys | None = None) -> pl.Series:
    """True for each row of an (indicator, period) cell whose sums do not add up."""
    keys = sum_keys(staged) if keys is None else keys
    cell, pair_codes = keys.cell, keys.pair
    if cell.size and int(cell.max()) >= cell.size:  # sparse: number the cells present
        cell = np.unique(cell, return_inverse=True)[1].astype(np.int64)
    groups = _Groups(keys.pairs)
    if not groups.ids:  # only overall totals: nothing to add up
        return pl.Series([False] * staged.height, dtype=pl.Boolean)
    cells = int(cell.max()) + 1 if cell.size else 0
    if not cells:
        return pl.Series(np.zeros(0, bool))
    layout: _Layout | _Table
    if table_fits(cells, len(keys.pairs), cell.size):
        layout = _Table(cell, cells, pair_codes, groups, keys.pairs)
    else:
        layout = _Layout(cell, cells, pair_codes, groups, keys.pairs)
    wrong = np.zeros(cells, bool)
    for column in ("numerator", "denominator"):
        wrong |= layout.wrong(staged[column].to_numpy().astype(np.float64))
    return pl.Series(wrong[cell])


class _Layout:
    """What does not depend on the figures: which rows add into which group of which cell,
    how many rows and unknown categories each has, and how many it needs to be complete."""

    def __init__(
        self,
        cell: Ints,
        cells: int,
        pair_codes: Ints,
        groups: _Groups,
        pairs: list[tuple[str, str]],
    ):
        size = self.size = len(groups.ids) or 1
        self.cell, self.cells = cell, cells
        self.is_total = np.array([pair == ("overall", TOTAL) for pair in pairs])[pair_codes]
        named = np.asarray(groups.named, np.int64)[pair_codes]
        self.has = named >= 0
        self.whole_at = cell[self.has] * size + named[self.has]
        parts = []
        for per_pair in (groups.top, groups.nested):
            group = np.asarray(per_pair, np.int64)[pair_codes]
            parts.append(np.where(group >= 0, cell * size + group, -1))
        keys = np.concatenate(parts)
        used = keys >= 0
        self.keys = keys[used]
        # the row each key comes from: a row adds into its breakdown's group and its broad one
        self.row_of = np.concatenate([np.arange(cell.size), np.arange(cell.size)])[used]
        length = cells * size
        unknown = np.array([c in UNKNOWN_CATEGORIES for _, c in pairs])[pair_codes]
        self.rows = np.bincount(self.keys, minlength=length)
        self.unknowns = np.bincount(self.keys, weights=self._twice(unknown), minlength=length)
        top, needed_known, needed_all = groups.needs()
        self.group_of = np.tile(np.arange(size), cells)
        self.cell_of = np.repeat(np.arange(cells), size)
        self.top = top[self.group_of]
        needed = needed_known[self.group_of]
        self.exact = np.where(
            self.top,
            (needed > 0) & (self.rows - self.unknowns == needed) & (self.unknowns > 0),
            self.rows == needed_all[self.group_of],
        )

    def _twice(self, values: npt.NDArray[np.generic]) -> Floats:
        """A per-row array once for each group kind, as the keys are laid out."""
        return values[self.row_of].astype(np.float64, copy=False)

    def wrong(self, values: Floats) -> npt.NDArray[np.bool_]:
        """Per cell: whether any group's column adds up other than its whole allows."""
        length = self.cells * self.size
        missing = np.isnan(values)
        total = np.full(self.cells, np.nan)
        total[self.cell[self.is_total]] = values[self.is_total]
        whole = np.full(length, np.nan)
        whole[self.whole_at] = values[self.has]
        whole = np.where(self.top, total[self.cell_of], whole)
        present = self._twice(np.where(missing, 0.0, values))
        added = np.bincount(self.keys, weights=present, minlength=length)
        absent = (
            np.bincount(self.keys, weights=self._twice(missing), minlength=length)
            if missing.any()
            else np.zeros(length)
        )
        with np.errstate(invalid="ignore"):
            off = np.where(self.exact, np.abs(added - whole) > TOLERANCE, added > whole + TOLERANCE)
        counted = (self.rows > 0) & ~np.isnan(whole) & (absent == 0)
        return np.bincount(self.cell_of[counted & off], minlength=self.cells) > 0


class _Table:
    """The same rule as `_Layout`, on a table of cells by (breakdown, category) pairs: each
    group's rows and sums are one matrix product, for files where most cells hold most pairs
    (a return by period, where every period has every breakdown)."""

    def __init__(
        self,
        cell: Ints,
        cells: int,
        pair_codes: Ints,
        groups: _Groups,
        pairs: list[tuple[str, str]],
    ):
        size = len(groups.ids)
        # pairs by cells: each pair's figures lie together, so reading a pair's row is one pass
        # over a small part of the table, not a stride through all of it
        self.shape = (len(pairs), cells)
        self.at = pair_codes * cells + cell  # each row's place in the table, flattened
        present = np.zeros(cells * len(pairs))
        present[self.at] = 1.0
        self.present = present.reshape(self.shape)
        member = np.zeros((size, len(pairs)))  # which groups each pair adds into
        for index, into in enumerate(zip(groups.top, groups.nested, strict=True)):
            for group in into:
                if group >= 0:
                    member[group, index] += 1
        self.member = member
        unknown = np.array([c in UNKNOWN_CATEGORIES for _, c in pairs], float)
        rows = member @ self.present
        unknowns = (member * unknown) @ self.present
        whole_breakdown, known_needed, every_needed = groups.needs()
        top, needed_known, needed_all = (
            whole_breakdown[:, None],
            known_needed[:, None],
            every_needed[:, None],
        )
        self.exact = np.where(
            top,
            (needed_known > 0) & (rows - unknowns == needed_known) & (unknowns > 0),
            rows == needed_all,
        )
        self.rows = rows
        total = pairs.index(("overall", TOTAL)) if ("overall", TOTAL) in pairs else -1
        named = np.full(size, -1, np.int64)  # per group: the pair that is its whole
        for index, group in enumerate(groups.named):
            if group >= 0:
                named[group] = index
        # each group's whole: the total for a whole breakdown, else its named pair (or none)
        self.whole_of = np.where(top[:, 0], total, named).tolist()

    def wrong(self, values: Floats) -> npt.NDArray[np.bool_]:
        """Per cell: whether any group's column adds up other than its whole allows."""
        missing = np.isnan(values)
        table = self._table(np.where(missing, 0.0, values) if missing.any() else values)
        added = self.member @ table
        known = self.present > 0  # the pairs present with a figure
        absent: Floats | float = 0.0
        if missing.any():
            gaps = self._table(missing.astype(np.float64))
            absent, known = self.member @ gaps, known & (gaps == 0)
        # a group's whole is missing where its pair has no row or no figure
        whole = np.full(added.shape, np.nan)
        for group, pair in enumerate(self.whole_of):
            if pair >= 0:
                whole[group] = np.where(known[pair], table[pair], np.nan)
        with np.errstate(invalid="ignore"):
            off = np.where(self.exact, np.abs(added - whole) > TOLERANCE, added > whole + TOLERANCE)
        counted = (self.rows > 0) & ~np.isnan(whole) & (absent == 0)
        return (counted & off).any(axis=0)

    def _table(self, values: Floats) -> Floats:
        """Per-row figures laid out as pairs by cells (zero where a cell lacks a pair)."""
        table = np.zeros(self.present.size)
        table[self.at] = values
        return table.reshape(self.shape)
