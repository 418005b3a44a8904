"""Sum constraints of a published table, for :mod:`equityhub.stats.disclosure`.

A constraint is a set of cells of which one can be worked out from the others: an area's
categories of one breakdown with the area's total, or the children of a parent area with the
parent (for one breakdown category, or the totals). Cells are keyed by integer codes so that
grouping and joining are numpy sorts, fast on large tables and cheap on small ones.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import first_bad

IntArray = npt.NDArray[np.int64]
HeadArray = npt.NDArray[np.int64]  # one row per constraint: kind, where, breakdown, category

__all__ = ["HeadArray", "constraints"]


def _combine(*codes: IntArray) -> IntArray:
    """One compact code (0..k-1, in sorted order) per distinct combination of the codes."""
    combined = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for code in codes:
        shifted = code - code.min() if len(code) else code
        combined = combined * (int(shifted.max(initial=0)) + 1) + shifted
        _, combined = np.unique(combined, return_inverse=True)
        combined = combined.astype(np.int64).reshape(-1)
    return combined


def _within_codes(table: pd.DataFrame, within: Sequence[str]) -> IntArray:
    """One code per protected set, ordered by the ``within`` values."""
    codes = [_sorted_codes(table[name])[0] for name in within]
    return _combine(*codes) if codes else np.zeros(len(table), dtype=np.int64)


def _sorted_codes(values: pd.Series) -> tuple[IntArray, npt.NDArray[Any]]:
    """Codes in sorted order of the values (as text when the values do not sort together)."""
    try:
        codes, names = pd.factorize(values, sort=True, use_na_sentinel=False)
    except TypeError:
        codes, names = pd.factorize(values.astype(str), sort=True, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), np.asarray(names, dtype=object)


def _factor(table: pd.DataFrame, column: str | None) -> tuple[IntArray, npt.NDArray[Any]]:
    """Integer codes of one column and the values they stand for (one code "" if no column)."""
    if column is None:
        return np.zeros(len(table), dtype=np.int64), np.array([""], dtype=object)
    return _sorted_codes(table[column])


def _area_codes(
    table: pd.DataFrame, area: str | None, parent: str | None
) -> tuple[IntArray, IntArray, npt.NDArray[Any]]:
    """Codes of areas and of their parents in one codebook; -1 where there is no parent."""
    if area is None:
        zeros = np.zeros(len(table), dtype=np.int64)
        return zeros, zeros - 1, np.array([""], dtype=object)
    if parent is None:
        codes, names = _sorted_codes(table[area])
        return codes, np.full(len(table), -1, dtype=np.int64), names
    both = pd.concat([table[area], table[parent]], ignore_index=True)
    codes, names = _sorted_codes(both)
    blank = np.array([_is_blank(name) for name in names], dtype=bool)
    parent_codes = codes[len(table) :]
    parent_codes = np.where(blank[parent_codes], -1, parent_codes)
    return codes[: len(table)], parent_codes, names


def _is_blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return bool(np.isnan(value))
    return isinstance(value, str) and not value.strip()


def constraints(
    table: pd.DataFrame,
    *,
    within: Sequence[str],
    area: str | None,
    parent: str | None,
    breakdown: str | None,
    category: str | None,
    total: str,
) -> tuple[IntArray, IntArray, HeadArray, Callable[[Any], str], IntArray]:
    """Incidence of cells in sum constraints: parallel arrays (cell row, constraint id).

    Also returns what each constraint is (``heads``: kind 0 = breakdown, 1 = hierarchy; the
    area or parent; breakdown; category), a function putting one into words, and each row's
    rank in the order of its cell key, used to break ties between equal counts independently of
    row order. Totals have breakdown and category code -2.
    """
    is_total = np.zeros(len(table), dtype=bool)
    if category is not None:
        labels = table[category].astype(object)
        is_total = (labels == total).to_numpy()
        if total == "":  # blank category = total, as in Fingertips exports
            is_total = is_total | labels.isna().to_numpy()
    area_codes, parent_codes, area_names = _area_codes(table, area, parent)
    breakdown_codes, breakdown_names = _factor(table, breakdown)
    category_codes, category_names = _factor(table, category)
    keys = _Keys(
        within=_within_codes(table, within),
        area=area_codes,
        breakdown=np.where(is_total, -2, breakdown_codes),
        category=np.where(is_total, -2, category_codes),
    )
    _check_unique_cells(keys, [area, breakdown, category])
    parts = []
    if category is not None:
        parts.append(_breakdown_sums(keys, is_total))
    if parent is not None:
        _check_one_parent(keys, parent_codes, area_names)
        parts.append(_hierarchy_sums(keys, parent_codes))
    rows, groups, heads = _stack(parts)
    describe = functools.partial(_label, names=(area_names, breakdown_names, category_names))
    order = np.lexsort((keys.category, keys.breakdown, keys.area, keys.within))
    rank = np.empty(len(table), dtype=np.int64)
    rank[order] = np.arange(len(table))
    return rows, groups, heads, describe, rank


@dataclasses.dataclass(frozen=True)
class _Keys:
    """Integer key of every cell: protected set, area, breakdown, category."""

    within: IntArray
    area: IntArray
    breakdown: IntArray
    category: IntArray

    def cell(self) -> IntArray:
        return _combine(self.within, self.area, self.breakdown, self.category)


# A part: (rows, constraint of each row, heads of the part's constraints).
_Part = tuple[IntArray, IntArray, HeadArray]


def _check_unique_cells(keys: _Keys, named: list[str | None]) -> None:
    cells = keys.cell()
    order = np.argsort(cells, kind="stable")
    repeated = order[1:][cells[order][1:] == cells[order][:-1]]
    if repeated.size:
        columns = ", ".join(name for name in named if name) or "(no cell columns)"
        bad = int(repeated.min())
        raise ValueError(f"row {bad}: the same cell appears twice (columns {columns})")


def _breakdown_sums(keys: _Keys, is_total: npt.NDArray[np.bool_]) -> _Part:
    """Each area's categories of one breakdown together with the area's total row."""
    set_area = _combine(keys.within, keys.area)
    total_row = np.full(int(set_area.max(initial=-1)) + 1, -1, dtype=np.int64)
    total_row[set_area[is_total]] = np.flatnonzero(is_total)
    parts = np.flatnonzero(~is_total)
    group = _combine(set_area[parts], keys.breakdown[parts])
    first = np.unique(group, return_index=True)[1]
    group_total = total_row[set_area[parts][first]]
    has_total = group_total >= 0
    keep = has_total[group]
    rows = np.concatenate([parts[keep], group_total[has_total]])
    groups = np.concatenate([group[keep], np.flatnonzero(has_total)])
    heads = np.column_stack(
        [
            np.zeros(len(first), dtype=np.int64),
            keys.area[parts][first],
            keys.breakdown[parts][first],
            np.full(len(first), -1, dtype=np.int64),
        ]
    )
    heads[~has_total] = -1
    return rows, groups, heads


def _hierarchy_sums(keys: _Keys, parents: IntArray) -> _Part:
    """Children's cells with the parent's cell for each parent, breakdown and category."""
    n = len(parents)
    children = np.flatnonzero(parents >= 0)
    stacked = _combine(
        np.r_[keys.within, keys.within[children]],
        np.r_[keys.area, parents[children]],
        np.r_[keys.breakdown, keys.breakdown[children]],
        np.r_[keys.category, keys.category[children]],
    )
    row_of_cell = np.full(int(stacked.max(initial=-1)) + 1, -1, dtype=np.int64)
    row_of_cell[stacked[:n]] = np.arange(n)
    parent_row = row_of_cell[stacked[n:]]
    found = parent_row >= 0
    children, parent_row = children[found], parent_row[found]
    parent_rows, group = np.unique(parent_row, return_inverse=True)
    group = group.astype(np.int64).reshape(-1)
    rows = np.concatenate([children, parent_rows])
    groups = np.concatenate([group, np.arange(len(parent_rows), dtype=np.int64)])
    heads = np.column_stack(
        [
            np.ones(len(parent_rows), dtype=np.int64),
            keys.area[parent_rows],
            keys.breakdown[parent_rows],
            keys.category[parent_rows],
        ]
    )
    return rows, groups, heads


def _label(head: Any, *, names: tuple[npt.NDArray[Any], ...]) -> str:
    """Words for one constraint, e.g. "the Sex breakdown of A (categories and total)"."""
    kind, where, breakdown, category = head
    if kind < 0:
        return ""
    areas, breakdowns, categories = names
    area = str(areas[where]) if where >= 0 else ""
    bd = str(breakdowns[breakdown]) if breakdown >= 0 else ""
    if kind == 0:
        what = f"the {bd} breakdown" if bd else "the categories"
        return f"{what}{f' of {area}' if area else ''} (categories and total)"
    if category == -2:
        return f"{area} and its child areas, total"
    cell = " ".join(x for x in (bd, str(categories[category])) if x)
    return f"{area} and its child areas{f', {cell}' if cell else ''}"


def _check_one_parent(keys: _Keys, parents: IntArray, names: npt.NDArray[Any]) -> None:
    set_area = _combine(keys.within, keys.area)
    first = np.unique(set_area, return_index=True)[1]
    expected = parents[first][set_area]
    bad = first_bad(parents != expected)
    if bad is not None:
        one, two = int(expected[bad]), int(parents[bad])
        raise ValueError(
            f"row {bad}, column parent: area {names[keys.area[bad]]} has two parents "
            f"({names[one] if one >= 0 else 'none'} and {names[two] if two >= 0 else 'none'})"
        )


def _stack(parts: list[_Part]) -> tuple[IntArray, IntArray, HeadArray]:
    """All constraints numbered together; constraints of a single cell are dropped."""
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros((0, 4), dtype=np.int64)
    offsets = np.cumsum([0] + [len(heads) for _, _, heads in parts])
    rows = np.concatenate([part_rows for part_rows, _, _ in parts])
    groups = np.concatenate([g + offset for (_, g, _), offset in zip(parts, offsets, strict=False)])
    heads = np.concatenate([part_heads for _, _, part_heads in parts])
    keep = np.bincount(groups, minlength=len(heads))[groups] > 1
    return rows[keep].astype(np.int64), groups[keep].astype(np.int64), heads
