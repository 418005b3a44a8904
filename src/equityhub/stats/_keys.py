"""Matching rows of tables on their keys by integer codes, as a pandas merge matches them.

Building a disclosure audit's equations joined text columns with pandas merges, which cost more
than the rest of the audit on small tables; here each key column is turned into integer codes
once and rows are matched by sorting those. The pairs and their order are those of an inner
merge: left rows in order, each with its matching right rows in order; missing values match
each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

__all__ = ["codes_of", "flags", "inner_join", "named", "paired_codes"]


def flags(mask: pd.Series) -> BoolArray:
    """A comparison's result as booleans (a missing value is no match)."""
    return np.asarray(mask.fillna(False).to_numpy(dtype=bool), dtype=bool)


def named(column: pd.Series) -> BoolArray:
    """Rows whose value is not empty or blank (each distinct value looked at once)."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object))
    written = np.array([str(value).strip() != "" for value in uniques], dtype=bool)
    return np.concatenate([written, [False]])[codes]  # code -1 (missing) is unnamed


def codes_of(columns: Sequence[ObjectArray]) -> IntArray:
    """One integer per row, equal where every column's value is equal (missing values equal
    each other, as a pandas merge matches them)."""
    combined = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        # Renumbered after each column (by a hash table, in order of appearance), so the
        # product stays below the number of rows squared.
        combined = pd.factorize(combined * (len(uniques) + 1) + codes)[0].astype(np.int64)
    return combined


def paired_codes(
    left: Sequence[ObjectArray], right: Sequence[ObjectArray]
) -> tuple[IntArray, IntArray]:
    """`codes_of` of two tables' key columns together, so that equal keys get equal codes."""
    n = len(left[0])
    joined = codes_of([np.concatenate([a, b]) for a, b in zip(left, right, strict=True)])
    return joined[:n], joined[n:]


def inner_join(left: IntArray, right: IntArray) -> tuple[IntArray, IntArray]:
    """Positions of the matching pairs of an inner join on codes: left rows in order, each with
    its matching right rows in order (the order of a pandas inner merge)."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    low = np.searchsorted(ordered, left, side="left")
    count = np.searchsorted(ordered, left, side="right") - low
    left_at = np.repeat(np.arange(len(left)), count)
    step = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    return left_at.astype(np.int64), order[np.repeat(low, count) + step].astype(np.int64)
