"""Assign areas to quantiles (deciles, quintiles...) as PHEindicatormethods does.

Within each group, with ``N`` the number of non-missing values, ``nq`` the number of quantiles
and ``r`` the rank of a value (ties share the lowest rank; ranks are taken on ``−value`` when
inverted, so the highest values fall in quantile 1):

.. math::

    q = \\left\\lfloor (nq + 1) - \\left\\lceil \\frac{(N + 1) - r}{N / nq} \\right\\rceil
    \\right\\rfloor

``q = 0`` becomes 1; ``q`` is missing for missing values and for groups with ``N < nq``.

References
----------
PHEindicatormethods 2.1.0: ``phe_quantile`` (Fingertips' method for assigning small areas to
    deprivation or indicator quantiles within a larger geography).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import FloatArray, Locator, as_float_array, at_position
from equityhub.stats.frame import (
    DataFrameT,
    IntArray,
    codes_from_labels,
    group_rows,
    numeric_column,
    raw_column,
    with_columns,
)

__all__ = ["grouped_min_rank", "quantile_by", "quantiles"]

_TRUE = {"true", "t", "1", "yes"}
_FALSE = {"false", "f", "0", "no"}


def grouped_min_rank(values: FloatArray, codes: IntArray) -> FloatArray:
    """Rank of each value within its group, ties sharing the lowest rank (R's ``ties="min"``).

    Missing values get NaN and are not counted. The rank is one more than the number of smaller
    values in the group: values are factorised to sorted integer codes, and the counts per
    (group, value) pair are accumulated with :func:`numpy.bincount` when that table is small
    (otherwise one lexicographic sort). No loop per group.
    """
    value_codes, uniques = pd.factorize(values, sort=True)
    present = value_codes >= 0
    width = max(len(uniques), 1)
    key = codes.astype(np.int64) * width + value_codes
    ranks = np.full(len(values), np.nan)
    n_groups = int(codes.max()) + 1 if len(codes) else 0
    if n_groups * width <= 8 * len(values) + 1024:
        counts = np.bincount(key[present], minlength=n_groups * width)
        smaller = np.concatenate(([0], np.cumsum(counts)[:-1]))
        group_start = smaller[codes[present].astype(np.int64) * width]
        ranks[present] = smaller[key[present]] - group_start + 1
        return ranks
    order = np.lexsort((values, codes))
    order = order[present[order]]
    sorted_codes, sorted_keys = codes[order], key[order]
    starts_group = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]
    starts_tie = starts_group | np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    positions = np.arange(len(order))
    group_start_at = np.maximum.accumulate(np.where(starts_group, positions, 0))
    tie_start = np.maximum.accumulate(np.where(starts_tie, positions, 0))
    ranks[order] = tie_start - group_start_at + 1
    return ranks


def _invert_flags(invert: bool | npt.ArrayLike, length: int) -> npt.NDArray[np.bool_]:
    if isinstance(invert, (bool, np.bool_)):
        return np.full(length, bool(invert))
    raw = np.asarray(invert, dtype=object).reshape(-1)
    if len(raw) != length:
        raise ValueError(f"invert: expected {length} values, one per row, got {len(raw)}")
    distinct, inverse = np.unique(raw.astype(str), return_inverse=True)
    meaning = np.array([_as_flag(text) for text in distinct.tolist()], dtype=bool)
    return meaning[inverse.reshape(-1)]


def _as_flag(text: str) -> bool:
    """Read one distinct flag value (``True``, ``FALSE``, ``1``...) as a bool."""
    lowered = text.strip().lower()
    if lowered in _TRUE | {"1.0"}:
        return True
    if lowered in _FALSE | {"0.0"}:
        return False
    raise ValueError(f"invert: {text!r} is not TRUE or FALSE")


def quantiles(
    values: npt.ArrayLike,
    *,
    nquantiles: int = 10,
    invert: bool | npt.ArrayLike = True,
    groups: npt.ArrayLike | None = None,
    where: Locator = at_position,
) -> FloatArray:
    """Quantile (1..nquantiles) of each value within its group; NaN where none can be given.

    Parameters
    ----------
    values : array_like
        One value per area; missing values get no quantile.
    nquantiles : int, keyword-only
        Number of quantiles (10 for deciles). At least 1.
    invert : bool or array_like of bool, keyword-only
        ``True`` (default) puts the highest values in quantile 1; an array gives one flag per
        row, which must be the same for every row of a group.
    groups : array_like, optional, keyword-only
        A group label per row; quantiles are assigned within each group.

    Warns
    -----
    UserWarning
        When some group has fewer values than quantiles (its quantiles are NaN).
    """
    if isinstance(nquantiles, bool) or not isinstance(nquantiles, (int, np.integer)):
        raise TypeError(f"nquantiles: {nquantiles!r} is not a whole number")
    if nquantiles < 1:
        raise ValueError(f"nquantiles: must be at least 1, got {nquantiles}")
    x = as_float_array(values, "values")
    codes, n_groups = codes_from_labels(groups, len(x))
    flags = _invert_flags(invert, len(x))
    mixed = np.bincount(codes, weights=flags, minlength=n_groups)
    sizes = np.bincount(codes, minlength=n_groups)
    bad = np.flatnonzero((mixed > 0) & (mixed < sizes))
    if bad.size:
        row = int(np.flatnonzero(codes == bad[0])[0])
        raise ValueError(f"invert: must be the same in every row of a group ({where(row)})")
    return _assign(np.where(flags, -x, x), codes, n_groups, nquantiles)


def _assign(key: FloatArray, codes: IntArray, n_groups: int, nq: int) -> FloatArray:
    count = np.bincount(codes, weights=~np.isnan(key), minlength=n_groups)[codes]
    rank = grouped_min_rank(key, codes)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.floor((nq + 1) - np.ceil(((count + 1) - rank) / (count / nq)))
    q = np.where(q == 0, 1.0, q)
    too_few = count < nq
    if np.any(too_few & ~np.isnan(key)):
        warnings.warn(
            "quantiles: one or more groups had too few values to assign quantiles",
            UserWarning,
            stacklevel=3,
        )
    return np.where(too_few | np.isnan(key), np.nan, q)


def quantile_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    values: str,
    nquantiles: int = 10,
    invert: bool | str = True,
) -> DataFrameT:
    """The input rows with ``quantile``, ``nquantiles``, ``groupvars`` and ``qinverted`` added.

    ``invert`` is a flag for all rows or the name of a column holding one flag per row
    (TRUE/FALSE, true/false, 1/0), constant within each group. Pandas in, pandas out; polars in,
    polars out.
    """
    groups = group_rows(df, by)
    x = numeric_column(df, values, field="values")
    flags: bool | npt.ArrayLike = invert
    if isinstance(invert, str):
        flags = raw_column(df, invert, field="invert")
    q = quantiles(
        x, nquantiles=nquantiles, invert=flags, groups=groups.codes, where=groups.describe_row
    )
    inverted = _invert_flags(flags, len(x))
    wording = [
        "lowest quantile represents lowest values",
        "lowest quantile represents highest values",
    ]
    label = np.array(wording, dtype=object)[inverted.astype(np.intp)]
    return with_columns(
        df,
        {
            "quantile": q,
            "nquantiles": nquantiles,
            "groupvars": ", ".join(groups.by),
            "qinverted": label,
        },
    )
