"""Life expectancy from an abridged life table (Chiang II) with Silcocks' confidence limits.

Each group needs 20 age bands starting at 0, 1, 5, 10, …, 90 (the last band open). All groups
are computed together as one (groups × 20) matrix, without a loop per group.

With band width ``n`` (the last band uses ``2/M``), ``a = 0.1`` for age 0 and 0.5 otherwise,
``M = D/P``:

.. math::

    q_i = \\frac{n_i M_i}{1 + n_i M_i (1 - a_i)} \\;(1 \\text{ if } D_i > P_i / n_i / a_i),
    \\quad l_0 = 100\\,000, \\quad l_{i+1} = l_i (1 - q_i), \\quad d_i = l_i - l_{i+1}

    L_i = n_i (l_{i+1} + a_i d_i) \\;(l/M \\text{ for the last band}), \\quad
    T_i = \\sum_{k \\ge i} L_k, \\quad e_i = T_i / l_i

Silcocks' variance: ``s²ᵢ = q²(1−q)/D`` (0 when ``D = 0``; ``4/(D·M²)`` for the last band),
``Wᵢ = s²ᵢ·lᵢ²·((1−aᵢ)nᵢ + eᵢ₊₁)²`` (``(l/2)²·s²`` for the last band), ``SEᵢ = √(Σ_{k≥i} W_k)/lᵢ``
and the limits are ``eᵢ ∓ z·SEᵢ``. The value (not the limits) is withheld when
``1.96·SE > 10``. A whole group is withheld when its total population is 5,000 or less, or it
has negative deaths, a population of 0 or less, more deaths than population in a band, or not
exactly the 20 bands.

References
----------
Chiang CL (1984). The life table and its applications. Krieger.
Silcocks PBS, Jenner DA, Reza R (2001). Life expectancy as a summary of mortality in a
    population: statistical considerations and suitability for use by health authorities.
    J Epidemiol Community Health 55:38-43.
PHEindicatormethods 2.1.0: ``phe_life_expectancy``.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import FloatArray, as_float_array, confidence_levels, z_value
from equityhub.stats.frame import (
    DataFrameT,
    IntArray,
    codes_from_labels,
    group_rows,
    numeric_column,
    take_rows,
    with_columns,
)
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import (
    ColumnNames,
    OutputType,
    check_shape,
    limit_names,
    shape_columns,
)

__all__ = ["AGE_BANDS", "LifeExpectancyResult", "life_expectancy", "life_expectancy_by"]

AGE_BANDS = np.array([0, 1, *range(5, 95, 5)], dtype=np.float64)
"""Start ages of the 20 bands: 0, 1, 5, 10, …, 90."""
_WIDTH = np.r_[1.0, 4.0, np.full(17, 5.0)]
_A = np.r_[0.1, np.full(19, 0.5)]
METHOD = "Chiang, using Silcocks et al for confidence limits"


@dataclasses.dataclass(frozen=True, kw_only=True)
class LifeExpectancyResult(IntervalResult):
    """Life expectancy at each row's start age, in the input's row order."""

    startage: FloatArray
    pops_used: FloatArray
    dths_used: FloatArray
    statistic: npt.NDArray[np.object_]
    method: str = METHOD


def _life_table(deaths: FloatArray, pops: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Life expectancy and its standard error for a (groups × 20) matrix of deaths and pops."""
    rate = deaths / pops
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.broadcast_to(_WIDTH, (len(rate), 19))
        width = np.concatenate([width, 2 / rate[:, -1:]], axis=1)
        q = width * rate / (1 + width * rate * (1 - _A))
        q = np.where(deaths > pops / width / _A, 1.0, q)
        q[:, -1] = 1.0
        survivors = 100_000 * np.cumprod(np.c_[np.ones(len(q)), 1 - q[:, :-1]], axis=1)
        next_survivors = np.c_[survivors[:, 1:], np.zeros(len(q))]
        dying = survivors - next_survivors
        years = width * (next_survivors + _A * dying)
        years[:, -1] = survivors[:, -1] / rate[:, -1]
        expectancy = np.cumsum(years[:, ::-1], axis=1)[:, ::-1] / survivors
        s2 = np.where(deaths == 0, 0.0, q**2 * (1 - q) / deaths)
        s2[:, -1] = 4 / (deaths[:, -1] * rate[:, -1] ** 2)
        next_e = np.c_[expectancy[:, 1:], np.zeros(len(q))]
        weight = s2 * survivors**2 * ((1 - _A) * width + next_e) ** 2
        weight[:, -1] = (survivors[:, -1] / 2) ** 2 * s2[:, -1]
        se = np.sqrt(np.cumsum(weight[:, ::-1], axis=1)[:, ::-1]) / survivors
    return expectancy, se


def _valid_groups(
    deaths: FloatArray, pops: FloatArray, ages: FloatArray, codes: IntArray, n_groups: int
) -> npt.NDArray[np.bool_]:
    """Groups that can be computed, warning once for each reason a group is withheld."""

    def per_group(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        return np.bincount(codes, weights=mask, minlength=n_groups) > 0

    sizes = np.bincount(codes, minlength=n_groups)
    known = np.isin(ages, AGE_BANDS)
    distinct_known = np.bincount(codes, weights=known, minlength=n_groups)
    reasons = {
        "negative deaths": per_group(deaths < 0),
        "a population of 0 or less": per_group(~(pops > 0)),
        "more deaths than population in an age band": per_group(deaths > pops),
        "a total population of 5,000 or less": np.bincount(codes, pops, n_groups) <= 5000,
        "not exactly the 20 age bands 0, 1, 5, …, 90": (sizes != 20) | (distinct_known != 20),
        "missing deaths or population": per_group(np.isnan(deaths) | np.isnan(pops)),
    }
    for reason, bad in reasons.items():
        if bad.any():
            warnings.warn(
                f"life expectancy: {int(bad.sum())} group(s) withheld for {reason}",
                UserWarning,
                stacklevel=4,
            )
    return ~np.logical_or.reduce(list(reasons.values()))


def life_expectancy(
    deaths: npt.ArrayLike,
    population: npt.ArrayLike,
    startage: npt.ArrayLike,
    *,
    groups: npt.ArrayLike | None = None,
    confidence: float | Sequence[float] = 0.95,
) -> LifeExpectancyResult:
    """Life expectancy at every start age of every group (rows in any order).

    Parameters
    ----------
    deaths, population : array_like
        Deaths and mid-year population per row (one row per group and age band).
    startage : array_like
        Start age of each row's band: 0, 1, 5, 10, …, 90.
    groups : array_like, optional, keyword-only
        A group label per row.
    confidence : float or sequence of float, keyword-only
        Any number of levels, 0.9–1 or 90–100.

    Returns
    -------
    LifeExpectancyResult
        One element per input row, in input order; NaN for withheld groups.
    """
    levels = confidence_levels(confidence)
    d = as_float_array(deaths, "deaths")
    p = as_float_array(population, "population")
    ages = as_float_array(startage, "startage")
    codes, n_groups = codes_from_labels(groups, len(d))
    valid = _valid_groups(d, p, ages, codes, n_groups)
    order = np.lexsort((ages, codes))
    rows = order[valid[codes[order]]].reshape(-1, 20)
    expectancy, se = _life_table(d[rows], p[rows])
    value, pops_used, dths_used = (np.full(len(d), np.nan) for _ in range(3))
    value[rows] = np.where(1.96 * se <= 10, expectancy, np.nan)  # NaN when SE is undefined
    pops_used[rows] = np.cumsum(p[rows][:, ::-1], axis=1)[:, ::-1]
    dths_used[rows] = np.cumsum(d[rows][:, ::-1], axis=1)[:, ::-1]
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    for level in levels:
        lower[level], upper[level] = np.full(len(d), np.nan), np.full(len(d), np.nan)
        lower[level][rows] = expectancy - z_value(level) * se
        upper[level][rows] = expectancy + z_value(level) * se
    distinct, inverse = np.unique(ages, return_inverse=True)
    words = np.array([f"life expectancy at {age:g}" for age in distinct.tolist()], dtype=object)
    statistic = words[inverse.reshape(-1)]
    return LifeExpectancyResult(
        value=value,
        lower=lower,
        upper=upper,
        confidence=levels,
        startage=ages,
        pops_used=pops_used,
        dths_used=dths_used,
        statistic=statistic,
    )


def life_expectancy_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    deaths: str,
    population: str,
    startage: str,
    confidence: float | Sequence[float] = 0.95,
    le_age: Sequence[float] | None = None,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Life expectancy per group of a pandas or polars DataFrame (see :func:`life_expectancy`).

    Returns the input rows (optionally only those whose start age is in ``le_age``) with
    ``pops_used``, ``dths_used``, ``value``, the limits, ``confidence``, ``statistic`` and
    ``method`` added; ``type`` and ``names`` as
    :func:`~equityhub.stats.indicators.proportion_by`.
    """
    check_shape(type, names)
    groups = group_rows(df, by)
    result = life_expectancy(
        numeric_column(df, deaths, field="deaths"),
        numeric_column(df, population, field="population"),
        numeric_column(df, startage, field="startage"),
        groups=groups.codes,
        confidence=confidence,
    )
    columns: dict[str, Any] = {
        "pops_used": result.pops_used,
        "dths_used": result.dths_used,
        "value": result.value,
    }
    for level, lower_name, upper_name in limit_names(result.confidence, names):
        columns[lower_name], columns[upper_name] = result.lower[level], result.upper[level]
    label = ", ".join(f"{level * 100:.10g}%" for level in result.confidence)
    columns["confidence"] = label
    columns["statistic"] = result.statistic
    columns["method"] = METHOD
    keep = shape_columns(list(columns), type=type, levels=result.confidence, names=names)
    columns = {name: columns[name] for name in keep}
    out = with_columns(df, columns)
    if le_age is None:
        return out
    wanted = as_float_array(le_age, "le_age")
    missing = wanted[~np.isin(wanted, AGE_BANDS)]
    if missing.size:
        raise ValueError(f"le_age: {missing[0]:g} is not a start age of the 20 bands")
    return take_rows(out, np.isin(result.startage, wanted))
