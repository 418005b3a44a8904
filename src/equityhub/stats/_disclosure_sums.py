"""Sum constraints of a published table, for :mod:`equityhub.stats.disclosure`.

A constraint is a set of cells of which one can be worked out from the others: an area's
categories of one breakdown with the area's total, or the children of a parent area with the
parent (for one breakdown category, or the totals). Cells are keyed by integer codes so that
grouping and joining stay fast on large tables.
"""

from __future__ import annotations

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


def _codes(table: pd.DataFrame, columns: Sequence[str]) -> IntArray:
    """One integer per distinct combination of the columns (missing values are a value)."""
    if not columns:
        return np.zeros(len(table), dtype=np.int64)
    try:
        grouped = table.groupby(list(columns), sort=True, dropna=False)
        return np.asarray(grouped.ngroup().to_numpy(), dtype=np.int64)
    except TypeError:
        text = table[list(columns)].astype(str)
        return np.asarray(text.groupby(list(columns), sort=True).ngroup(), dtype=np.int64)


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

    Also returns what each constraint is (``heads``), a function putting one into words, and
    each row's rank in the order of its cell key, to
    break ties between equal counts independently of row order. Keys are integer codes
    throughout (totals have breakdown and category code -2), so grouping stays fast.
    """
    is_total = np.zeros(len(table), dtype=bool)
    if category is not None:
        is_total = (table[category].astype(object) == total).to_numpy()
    area_codes, parent_codes, area_names = _area_codes(table, area, parent)
    breakdown_codes, breakdown_names = _factor(table, breakdown)
    category_codes, category_names = _factor(table, category)
    keys = pd.DataFrame(
        {
            "within": _codes(table, within),
            "area": area_codes,
            "breakdown": np.where(is_total, -2, breakdown_codes),
            "category": np.where(is_total, -2, category_codes),
        }
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
    order = np.lexsort(tuple(keys[c].to_numpy() for c in reversed(keys.columns)))
    rank = np.empty(len(table), dtype=np.int64)
    rank[order] = np.arange(len(table))
    return rows, groups, heads, describe, rank


def _check_unique_cells(keys: pd.DataFrame, named: list[str | None]) -> None:
    duplicated = keys.duplicated(keep="first").to_numpy()
    bad = first_bad(duplicated)
    if bad is not None:
        columns = ", ".join(name for name in named if name) or "(no cell columns)"
        raise ValueError(f"row {bad}: the same cell appears twice (columns {columns})")


def _breakdown_sums(keys: pd.DataFrame, is_total: npt.NDArray[np.bool_]) -> _Part:
    """Each area's categories of one breakdown together with the area's total row."""
    rows = keys.assign(row=np.arange(len(keys)))
    parts = rows[~is_total]
    totals = rows[is_total][["within", "area", "row"]].rename(columns={"row": "total_row"})
    groups = parts.groupby(["within", "area", "breakdown"], sort=False)
    parts = parts.assign(group=groups.ngroup().to_numpy())
    heads = parts.drop_duplicates("group")[["group", "within", "area", "breakdown"]]
    heads = heads.merge(totals, on=["within", "area"], how="inner")
    members = pd.concat(
        [
            parts[["group", "row"]],
            heads[["group", "total_row"]].rename(columns={"total_row": "row"}),
        ]
    )
    members = members[members["group"].isin(heads["group"])]
    heads = heads.assign(kind=0, category=-1).rename(columns={"area": "where"})
    return members, heads


def _hierarchy_sums(keys: pd.DataFrame, parents: IntArray) -> _Part:
    """Children's cells with the parent's cell for each parent, breakdown and category."""
    cell = ["within", "breakdown", "category"]
    rows = keys.assign(row=np.arange(len(keys)), parent=parents)
    children = rows[parents >= 0]
    lookup = rows[[*cell, "area", "row"]].rename(columns={"area": "parent", "row": "parent_row"})
    children = children.merge(lookup, on=[*cell, "parent"], how="inner")
    groups = children.groupby([*cell, "parent"], sort=False)
    children = children.assign(group=groups.ngroup().to_numpy())
    heads = children.drop_duplicates("group")
    members = pd.concat(
        [
            children[["group", "row"]],
            heads[["group", "parent_row"]].rename(columns={"parent_row": "row"}),
        ]
    )
    heads = heads.assign(kind=1).rename(columns={"parent": "where"})
    return members, heads


_Part = tuple[pd.DataFrame, pd.DataFrame]
_HEAD_COLUMNS = ["kind", "where", "breakdown", "category"]


def _label(head: Any, *, names: tuple[npt.NDArray[Any], ...]) -> str:
    """Words for one constraint, e.g. "the Sex breakdown of A (categories and total)"."""
    kind, where, breakdown, category = (int(x) for x in head)
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


def _check_one_parent(keys: pd.DataFrame, parents: IntArray, names: npt.NDArray[Any]) -> None:
    links = pd.DataFrame({"within": keys["within"], "area": keys["area"], "parent": parents})
    first = links.drop_duplicates(["within", "area"])
    merged = links.merge(first, on=["within", "area"], how="left", suffixes=("", "_first"))
    bad = first_bad((merged["parent"] != merged["parent_first"]).to_numpy())
    if bad is not None:
        one, two = merged["parent_first"].iloc[bad], parents[bad]
        raise ValueError(
            f"row {bad}, column parent: area {names[keys['area'].iloc[bad]]} has two parents "
            f"({names[one] if one >= 0 else 'none'} and {names[two] if two >= 0 else 'none'})"
        )


def _stack(parts: list[_Part]) -> tuple[IntArray, IntArray, HeadArray]:
    """All constraints numbered together; constraints of a single cell are dropped."""
    offset, members, heads = 0, [], []
    for part_members, part_heads in parts:
        members.append((part_members["group"].to_numpy() + offset, part_members["row"].to_numpy()))
        size = int(part_heads["group"].max()) + 1 if len(part_heads) else 0
        table = np.full((size, len(_HEAD_COLUMNS)), -1, dtype=np.int64)
        table[part_heads["group"].to_numpy()] = part_heads[_HEAD_COLUMNS].to_numpy()
        heads.append(table)
        offset += size
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros((0, len(_HEAD_COLUMNS)), dtype=np.int64)
    groups = np.concatenate([g for g, _ in members]).astype(np.int64)
    rows = np.concatenate([r for _, r in members]).astype(np.int64)
    keep = np.bincount(groups, minlength=offset)[groups] > 1
    return rows[keep], groups[keep], np.concatenate(heads)
