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
   (``lower_95``, ``upper_99.8``, ``lowercl``, ``lower95_0cl``, ``sii_lower_95``, Fingertips'
   ``Lower CI 95.0 limit``...) are blanked, with any further columns named in ``blank``: a value
   with its limits and denominator would reveal the count.

Limits: the guarantee is the one NHS and ONS small-number rules ask for — no suppressed cell is the
only unknown in any published sum. A determined reader who combines several sums at once can
sometimes narrow a suppressed cell to a range; the algorithm does not solve that linear system.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import first_bad
from equityhub.stats._disclosure_sums import HeadArray, constraints
from equityhub.stats.frame import DataFrameT, frame_kind

IntArray = npt.NDArray[np.int64]

__all__ = ["suppress"]


def _column_names(names: str | Sequence[str], table: pd.DataFrame) -> list[str]:
    """A list of column names; a string is one name, or several separated by commas."""
    if isinstance(names, str):
        if names in table.columns:
            return [names]
        return [name.strip() for name in names.split(",") if name.strip()]
    return list(names)


def suppress(
    frame: DataFrameT,
    *,
    count: str = "numerator",
    within: str | Sequence[str] = (),
    area: str | None = None,
    parent: str | None = None,
    breakdown: str | None = None,
    category: str | None = None,
    total: str = "Total",
    threshold: float = 10,
    publish_zeros: bool = False,
    blank: Sequence[str] = (),
) -> DataFrameT:
    """Suppress small counts and every cell from which one could be recovered.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        One row per published cell.
    count : str
        Column holding the count to protect (non-negative numbers; missing = unknown).
    within : str or sequence of str
        Columns that separate protected sets (for example indicator and period). Cells in
        different sets never constrain each other. A string names one column, or several
        separated by commas (``"indicator,period"``), as on the command line.
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
        Category label of total rows, ``"Total"`` by default. With ``""`` a blank category
        marks the total, as in Fingertips exports.
    threshold : float
        Counts below this are suppressed (default 10, so 0–9).
    publish_zeros : bool
        Publish counts of exactly zero instead of suppressing them (default False).
    blank : sequence of str
        Further columns to blank in suppressed rows (the count, ``value`` and the confidence
        limit columns are always blanked; see the module notes for the names recognised).

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
    within = _column_names(within, table)
    _check_options(table, count, within, area, parent, breakdown, category, blank, threshold)
    counts = _read_counts(table, count)
    suppressed, reasons = _primary(counts, threshold=threshold, publish_zeros=publish_zeros)
    members, constraint, heads, describe, tie_rank = constraints(
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
    out: Any = _from_pandas(result) if to_polars else result
    return cast(DataFrameT, out)


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
    words = [
        "secondary: protects a suppressed cell in " + describe(h) for h in heads[cited].tolist()
    ]
    reasons[used] = np.asarray(words, dtype=object)[position] if words else reasons[used]


_LIMIT = re.compile(
    r"^(?:[a-z]+_)?(?:lower|upper)(?:_\d+(?:\.\d+)?|cl|\d+_\d+cl)$"
    r"|^(?:lower|upper) ci [\d.]+ limit$",
    re.IGNORECASE,
)


def _is_derived(name: str) -> bool:
    """Value and confidence limit columns as this package and Fingertips name them.

    ``value``; ``lower_95``/``upper_99.8``; ``lowercl``/``lower95_0cl`` (PHE style);
    ``sii_lower_95``/``rii_upper95_0cl``; ``Lower CI 95.0 limit`` (Fingertips exports).
    """
    return name.lower() == "value" or _LIMIT.match(name) is not None


def _blank(
    table: pd.DataFrame, suppressed: npt.NDArray[np.bool_], named: list[str]
) -> pd.DataFrame:
    derived = [c for c in table.columns if _is_derived(str(c))]
    result = table.copy()
    for column in dict.fromkeys([*named, *derived]):
        values = result[column]
        if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
            values.dtype
        ):
            values = values.astype("Int64")
        result[column] = values.mask(pd.Series(suppressed, index=result.index))
    return result
