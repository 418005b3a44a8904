"""Statistical disclosure control: small-number suppression with secondary suppression.

A published table must not show, or let a reader work out, any count below a threshold (10 by
default). :func:`suppress` does this for one *protected set* at a time — one indicator and period
(the ``within`` columns) across all its breakdowns, their totals and an area hierarchy.

Algorithm
---------
1. **Primary suppression.** Every cell whose count is below ``threshold`` is suppressed
   ("primary: count below 10"). Zero counts are suppressed too unless ``publish_zeros=True``.
   A missing count is treated as suppressed ("primary: count missing"): its size is unknown, so it
   must not be recoverable either.
2. **Sum constraints.** Each set of cells that add up is a constraint:

   * for each area and breakdown (ethnicity, deprivation decile, ...), its categories and the
     area's total row (``category == total``);
   * for each parent area and each breakdown category (and the total), the children's cells and
     the parent's cell (parents are given as links in the ``parent`` column: organisation → ICS →
     region).

3. **Secondary suppression.** A constraint with exactly one suppressed cell gives that cell away
   by subtraction. Repeat until no constraint has exactly one suppressed cell: in every such
   constraint suppress the unsuppressed cell with the smallest count (ties: the cell that sorts
   first by its ``within``, area, breakdown and category values, so row order never matters),
   saying "secondary: protects a suppressed cell in <constraint>". Each round adds at least one
   cell, so the loop ends. Rounds are vectorised over all constraints at once.
4. **Derived values.** In every suppressed row the count, ``value`` and the confidence limits
   (``lower_*``, ``upper_*``) are blanked, with any further columns named in ``blank``: a value with
   its limits and denominator would reveal the count.

Limits: the guarantee is the one NHS and ONS small-number rules ask for — no suppressed cell is the
only unknown in any published sum. A determined reader who combines several sums at once can
sometimes narrow a suppressed cell to a range; the algorithm does not solve that linear system.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import first_bad
from equityhub.stats.frame import frame_kind

IntArray = npt.NDArray[np.int64]
HeadArray = npt.NDArray[np.int64]  # one row per constraint: kind, where, breakdown, category

__all__ = ["suppress"]

_TOTAL_KEY = "\x00total"


def suppress(
    frame: Any,
    *,
    count: str = "numerator",
    within: Sequence[str] = (),
    area: str | None = None,
    parent: str | None = None,
    breakdown: str | None = None,
    category: str | None = None,
    total: str = "Total",
    threshold: float = 10,
    publish_zeros: bool = False,
    blank: Sequence[str] = (),
) -> Any:
    """Suppress small counts and every cell from which one could be recovered.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        One row per published cell.
    count : str
        Column holding the count to protect (non-negative numbers; missing = unknown).
    within : sequence of str
        Columns that separate protected sets (for example indicator and period). Cells in
        different sets never constrain each other.
    area : str, optional
        Column with the area or organisation code of each row.
    parent : str, optional
        Column with the code of the row's parent area (blank at the top). Requires ``area``.
        Each area must have one parent within a protected set.
    breakdown : str, optional
        Column naming the breakdown of each row (e.g. ``"Ethnicity"``). Without it every
        non-total row of an area belongs to one breakdown.
    category : str, optional
        Column with the category; rows whose category equals ``total`` are the area totals.
    total : str
        Category label of total rows, ``"Total"`` by default.
    threshold : float
        Counts below this are suppressed (default 10, so 0–9).
    publish_zeros : bool
        Publish counts of exactly zero instead of suppressing them (default False).
    blank : sequence of str
        Further columns to blank in suppressed rows (the count, ``value``, ``lower_*`` and
        ``upper_*`` are always blanked).

    Returns
    -------
    DataFrame of the same kind
        The same rows in the same order with ``suppressed`` (bool) and ``suppression_reason``
        (empty when published) added and the blanked columns missing in suppressed rows.

    Raises
    ------
    ValueError
        Unknown columns, negative counts, duplicated cells, an area with two parents, or a
        non-positive threshold; the message names the row and column.
    """
    table, to_polars = _to_pandas(frame)
    _check_options(table, count, within, area, parent, breakdown, category, blank, threshold)
    counts = _read_counts(table, count)
    suppressed, reasons = _primary(counts, threshold=threshold, publish_zeros=publish_zeros)
    members, constraint, heads, describe, tie_rank = _constraints(
        table,
        within=within,
        area=area,
        parent=parent,
        breakdown=breakdown,
        category=category,
        total=total,
    )
    _secondary(counts, tie_rank, suppressed, reasons, members, constraint, heads, describe)
    result = _blank(table, suppressed, [count, *blank])
    result["suppressed"] = suppressed
    result["suppression_reason"] = reasons
    return _from_pandas(result) if to_polars else result


def _to_pandas(frame: Any) -> tuple[pd.DataFrame, bool]:
    if frame_kind(frame) == "pandas":
        return frame.reset_index(drop=True), False
    return pd.DataFrame(frame.to_dict(as_series=False)), True


def _from_pandas(table: pd.DataFrame) -> Any:
    import polars as pl

    columns = {
        name: table[name].astype(object).where(table[name].notna(), None).tolist()
        for name in table.columns
    }
    return pl.DataFrame(columns, strict=False)


def _check_options(
    table: pd.DataFrame,
    count: str,
    within: Sequence[str],
    area: str | None,
    parent: str | None,
    breakdown: str | None,
    category: str | None,
    blank: Sequence[str],
    threshold: float,
) -> None:
    named = [count, *within, area, parent, breakdown, category, *blank]
    missing = [name for name in named if name is not None and name not in table.columns]
    if missing:
        raise ValueError(f"column {missing[0]!r} is not in the data")
    if parent is not None and area is None:
        raise ValueError("parent: give the area column too")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise TypeError(f"threshold: {threshold!r} is not a number")
    if not threshold > 0:
        raise ValueError(f"threshold: must be above 0, got {threshold!r}")


def _read_counts(table: pd.DataFrame, count: str) -> npt.NDArray[np.float64]:
    values = pd.to_numeric(table[count], errors="coerce").to_numpy(dtype=np.float64)
    text_bad = first_bad(np.isnan(values) & table[count].notna().to_numpy())
    if text_bad is not None:
        raise ValueError(
            f"row {text_bad}, column {count!r}: {table[count].iloc[text_bad]!r} is not a number"
        )
    negative = first_bad(values < 0)
    if negative is not None:
        raise ValueError(f"row {negative}, column {count!r}: negative count {values[negative]:g}")
    return values


def _primary(
    counts: npt.NDArray[np.float64], *, threshold: float, publish_zeros: bool
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.object_]]:
    small = counts < threshold
    if publish_zeros:
        small &= counts != 0
    missing = np.isnan(counts)
    reasons = np.full(len(counts), "", dtype=object)
    reasons[small] = f"primary: count below {threshold:g}"
    reasons[missing] = "primary: count missing"
    return small | missing, reasons


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


def _constraints(
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


def _secondary(
    counts: npt.NDArray[np.float64],
    tie_rank: IntArray,
    suppressed: npt.NDArray[np.bool_],
    reasons: npt.NDArray[np.object_],
    rows: IntArray,
    groups: IntArray,
    heads: HeadArray,
    describe: Callable[[Any], str],
) -> None:
    """Suppress complementary cells in place until no constraint has exactly one suppressed."""
    n_groups = len(heads)
    size_order = np.where(np.isnan(counts), np.inf, counts)
    because = np.full(len(counts), -1, dtype=np.int64)
    while True:
        hidden = np.bincount(groups, weights=suppressed[rows], minlength=n_groups)
        candidates = (hidden[groups] == 1) & ~suppressed[rows]
        if not candidates.any():
            break
        cand_rows, cand_groups = rows[candidates], groups[candidates]
        order = np.lexsort((tie_rank[cand_rows], size_order[cand_rows], cand_groups))
        cand_rows, cand_groups = cand_rows[order], cand_groups[order]
        first = np.r_[True, cand_groups[1:] != cand_groups[:-1]]
        chosen, unique_at = np.unique(cand_rows[first], return_index=True)
        suppressed[chosen] = True
        because[chosen] = cand_groups[first][unique_at]
    used = np.flatnonzero(because >= 0)
    cited, position = np.unique(because[used], return_inverse=True)
    words = ["secondary: protects a suppressed cell in " + describe(heads[g]) for g in cited]
    reasons[used] = np.asarray(words, dtype=object)[position] if words else reasons[used]


def _blank(
    table: pd.DataFrame, suppressed: npt.NDArray[np.bool_], named: list[str]
) -> pd.DataFrame:
    derived = [c for c in table.columns if c == "value" or str(c).startswith(("lower_", "upper_"))]
    result = table.copy()
    for column in dict.fromkeys([*named, *derived]):
        values = result[column]
        if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            values = values.astype("Int64")
        result[column] = values.mask(pd.Series(suppressed, index=result.index))
    return result
