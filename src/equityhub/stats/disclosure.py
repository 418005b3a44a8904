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

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import first_bad
from equityhub.stats.frame import frame_kind

IntArray = npt.NDArray[np.int64]

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
    members, constraint, labels, tie_rank = _constraints(
        table,
        within=within,
        area=area,
        parent=parent,
        breakdown=breakdown,
        category=category,
        total=total,
    )
    _secondary(counts, tie_rank, suppressed, reasons, members, constraint, labels)
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
    grouped = table.groupby(list(columns), sort=False, dropna=False)
    return np.asarray(grouped.ngroup().to_numpy(), dtype=np.int64)


def _constraints(
    table: pd.DataFrame,
    *,
    within: Sequence[str],
    area: str | None,
    parent: str | None,
    breakdown: str | None,
    category: str | None,
    total: str,
) -> tuple[IntArray, IntArray, list[str], IntArray]:
    """Incidence of cells in sum constraints: parallel arrays (cell row, constraint id).

    Also returns each row's rank in the order of its cell key, to break ties between equal
    counts independently of row order.
    """
    keys = pd.DataFrame({"within": _codes(table, within)})
    keys["area"] = table[area].astype(object).to_numpy() if area else ""
    is_total = np.zeros(len(table), dtype=bool)
    if category is not None:
        is_total = (table[category].astype(object) == total).to_numpy()
    bd = table[breakdown].astype(object) if breakdown else pd.Series("", index=table.index)
    cat = table[category].astype(object) if category else pd.Series("", index=table.index)
    keys["breakdown"] = bd.where(~is_total, _TOTAL_KEY).to_numpy()
    keys["category"] = cat.where(~is_total, _TOTAL_KEY).to_numpy()
    _check_unique_cells(keys, [area, breakdown, category])
    parts = []
    if category is not None:
        parts.append(_breakdown_sums(keys, is_total))
    if parent is not None:
        parts.append(_hierarchy_sums(keys, table[parent].astype(object).to_numpy()))
    return (*_stack(parts), _key_rank(table, [*within, area, breakdown, category]))


def _key_rank(table: pd.DataFrame, named: list[str | None]) -> IntArray:
    columns = [name for name in named if name is not None]
    rank = np.empty(len(table), dtype=np.int64)
    if not columns:
        rank[:] = np.arange(len(table))
        return rank
    text = pd.DataFrame({i: table[c].astype(str).to_numpy() for i, c in enumerate(columns)})
    order = text.sort_values(list(text.columns), kind="stable").index.to_numpy()
    rank[order] = np.arange(len(table))
    return rank


def _check_unique_cells(keys: pd.DataFrame, named: list[str | None]) -> None:
    duplicated = keys.duplicated(keep="first").to_numpy()
    bad = first_bad(duplicated)
    if bad is not None:
        columns = ", ".join(name for name in named if name) or "(no cell columns)"
        raise ValueError(f"row {bad}: the same cell appears twice (columns {columns})")


def _breakdown_sums(keys: pd.DataFrame, is_total: npt.NDArray[np.bool_]) -> pd.DataFrame:
    """Each area's categories of one breakdown together with the area's total row."""
    rows = pd.DataFrame({"row": np.arange(len(keys)), **{k: keys[k] for k in keys.columns}})
    parts = rows[~is_total]
    totals = rows[is_total][["within", "area", "row"]].rename(columns={"row": "total_row"})
    groups = parts.groupby(["within", "area", "breakdown"], sort=False, dropna=False)
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
    labels = {
        g: _breakdown_label(a, b)
        for g, a, b in heads[["group", "area", "breakdown"]].itertuples(index=False)
    }
    members["label"] = members["group"].map(labels)
    return members[["row", "group", "label"]]


def _breakdown_label(area: object, breakdown: object) -> str:
    what = f"the {breakdown} breakdown" if breakdown != "" else "the categories"
    where = f" of {area}" if area != "" else ""
    return f"{what}{where} (categories and total)"


def _hierarchy_sums(keys: pd.DataFrame, parents: npt.NDArray[np.object_]) -> pd.DataFrame:
    """Children's cells with the parent's cell for each parent, breakdown and category."""
    _check_one_parent(keys, parents)
    cell = ["within", "breakdown", "category"]
    rows = keys.assign(row=np.arange(len(keys)), parent=parents)
    has_parent = rows["parent"].notna() & (rows["parent"].astype(str).str.strip() != "")
    children = rows[has_parent.to_numpy()]
    lookup = rows[[*cell, "area", "row"]].rename(columns={"area": "parent", "row": "parent_row"})
    children = children.merge(lookup, on=[*cell, "parent"], how="inner")
    groups = children.groupby([*cell, "parent"], sort=False, dropna=False)
    children = children.assign(group=groups.ngroup().to_numpy())
    heads = children.drop_duplicates("group")
    members = pd.concat(
        [
            children[["group", "row"]],
            heads[["group", "parent_row"]].rename(columns={"parent_row": "row"}),
        ]
    )
    labels = {
        g: _hierarchy_label(p, b, c)
        for g, p, b, c in heads[["group", "parent", "breakdown", "category"]].itertuples(
            index=False
        )
    }
    members["label"] = members["group"].map(labels)
    return members[["row", "group", "label"]]


def _hierarchy_label(parent: object, breakdown: object, category: object) -> str:
    if category == _TOTAL_KEY:
        cell = ", total"
    else:
        cell = " ".join(str(x) for x in (breakdown, category) if x != "")
        cell = f", {cell}" if cell else ""
    return f"{parent} and its child areas{cell}"


def _check_one_parent(keys: pd.DataFrame, parents: npt.NDArray[np.object_]) -> None:
    links = pd.DataFrame({"within": keys["within"], "area": keys["area"], "parent": parents})
    first = links.drop_duplicates(["within", "area"])
    merged = links.merge(first, on=["within", "area"], how="left", suffixes=("", "_first"))
    same = (merged["parent"] == merged["parent_first"]) | (
        merged["parent"].isna() & merged["parent_first"].isna()
    )
    bad = first_bad(~same.to_numpy())
    if bad is not None:
        raise ValueError(
            f"row {bad}, column parent: area {keys['area'].iloc[bad]} has two parents "
            f"({merged['parent_first'].iloc[bad]} and {parents[bad]})"
        )


def _stack(parts: list[pd.DataFrame]) -> tuple[IntArray, IntArray, list[str]]:
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, []
    offset = 0
    shifted = []
    for part in parts:
        shifted.append(part.assign(group=part["group"].to_numpy() + offset))
        offset += int(part["group"].max()) + 1 if len(part) else 0
    members = pd.concat(shifted, ignore_index=True)
    sizes = np.bincount(members["group"].to_numpy(), minlength=offset)
    members = members[sizes[members["group"].to_numpy()] > 1]
    labels = [""] * offset
    for group, label in members.drop_duplicates("group")[["group", "label"]].itertuples(
        index=False
    ):
        labels[group] = label
    rows = members["row"].to_numpy(dtype=np.int64)
    groups = members["group"].to_numpy(dtype=np.int64)
    return rows, groups, labels


def _secondary(
    counts: npt.NDArray[np.float64],
    tie_rank: IntArray,
    suppressed: npt.NDArray[np.bool_],
    reasons: npt.NDArray[np.object_],
    rows: IntArray,
    groups: IntArray,
    labels: list[str],
) -> None:
    """Suppress complementary cells in place until no constraint has exactly one suppressed."""
    n_groups = len(labels)
    size_order = np.where(np.isnan(counts), np.inf, counts)
    while True:
        hidden = np.bincount(groups, weights=suppressed[rows], minlength=n_groups)
        exposed = hidden[groups] == 1
        candidates = exposed & ~suppressed[rows]
        if not candidates.any():
            return
        cand_rows, cand_groups = rows[candidates], groups[candidates]
        order = np.lexsort((tie_rank[cand_rows], size_order[cand_rows], cand_groups))
        cand_rows, cand_groups = cand_rows[order], cand_groups[order]
        first = np.r_[True, cand_groups[1:] != cand_groups[:-1]]
        chosen, why = cand_rows[first], cand_groups[first]
        chosen, unique_at = np.unique(chosen, return_index=True)
        suppressed[chosen] = True
        for row, group in zip(chosen, why[unique_at], strict=True):
            reasons[row] = f"secondary: protects a suppressed cell in {labels[group]}"


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
