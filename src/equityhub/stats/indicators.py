"""Proportions, crude rates and means with confidence limits, as PHEindicatormethods computes them.

Each method has an array function (one element per group) and a grouped DataFrame function
(``*_by``) that sums the inputs by the ``by`` columns first, as the reference does for grouped
data. Missing numerators or denominators give missing values and limits, never an error.

References
----------
PHEindicatormethods 2.1.0: ``phe_proportion``, ``phe_rate``, ``phe_mean``.
Public Health England (2018). Technical guide: confidence intervals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import (
    FloatArray,
    Locator,
    as_float_array,
    at_position,
    check_multiplier,
    confidence_levels,
    refuse_where,
    same_length,
)
from equityhub.stats.frame import DataFrameT, group_rows, numeric_column, result_to_frame
from equityhub.stats.intervals import poisson_bounds, poisson_method, t_limits, wilson_limits
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, OutputType

__all__ = [
    "MeanResult",
    "ProportionResult",
    "RateResult",
    "mean",
    "mean_by",
    "multiplier_text",
    "proportion",
    "proportion_by",
    "rate",
    "rate_by",
]

Confidence = float | Sequence[float] | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProportionResult(IntervalResult):
    """Proportions ``x/n·m`` with Wilson limits; ``statistic`` and ``method`` label them."""

    numerator: FloatArray
    denominator: FloatArray
    statistic: str
    method: str = "Wilson"


@dataclasses.dataclass(frozen=True, kw_only=True)
class RateResult(IntervalResult):
    """Crude rates ``x/n·m``; ``method`` is ``"Exact"`` or ``"Byars"`` for each group."""

    numerator: FloatArray
    denominator: FloatArray
    statistic: str
    method: npt.NDArray[np.object_]


@dataclasses.dataclass(frozen=True, kw_only=True)
class MeanResult(IntervalResult):
    """Means with Student t limits, with the sum, count and standard deviation they came from."""

    value_sum: FloatArray
    value_count: FloatArray
    stdev: FloatArray
    statistic: str = "mean"
    method: str = "Student's t-distribution"


def multiplier_text(multiplier: float) -> str:
    """A multiplier as the reference prints it: ``100000``, not ``1e+05``."""
    return f"{multiplier:.0f}" if float(multiplier).is_integer() else f"{multiplier:g}"


def _levels(confidence: Confidence) -> tuple[float, ...]:
    return () if confidence is None else confidence_levels(confidence)


def _counts(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, where: Locator
) -> tuple[FloatArray, FloatArray]:
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator")
    same_length(numerator=x, denominator=n)
    refuse_where(x < 0, field="numerator", problem="must not be negative", values=x, where=where)
    refuse_where(n <= 0, field="denominator", problem="must be above zero", values=n, where=where)
    return x, n


def proportion(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    *,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
    where: Locator = at_position,
) -> ProportionResult:
    """Proportions with Wilson score limits.

    ``value = x/n·m``; limits are the Wilson score limits (see
    :func:`equityhub.stats.intervals.wilson_limits`) times ``m``. ``statistic`` reads
    ``"percentage"`` when ``m == 100`` and ``"proportion of m"`` otherwise.

    Parameters
    ----------
    numerator, denominator : array_like
        ``x`` (0 ≤ x ≤ n; may be fractional) and ``n`` (> 0). NaN gives NaN results.
    confidence : float, sequence of float or None, keyword-only
        Level(s), 0.9–1 or 90–100; ``None`` for no limits.
    multiplier : float, keyword-only
        100 for a percentage.
    where : callable, keyword-only
        Words for a position in error messages (the grouped front end names the group).

    Raises
    ------
    ValueError
        Negative numerator, denominator not above zero, numerator above denominator.
    """
    m = check_multiplier(multiplier)
    x, n = _counts(numerator, denominator, where)
    refuse_where(
        x > n, field="numerator", problem="is above the denominator", values=x, where=where
    )
    levels = _levels(confidence)
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    for level in levels:
        low, high = wilson_limits(x, n, confidence=level)
        lower[level], upper[level] = low * m, high * m
    statistic = "percentage" if m == 100 else f"proportion of {multiplier_text(m)}"
    return ProportionResult(
        value=x / n * m,
        lower=lower,
        upper=upper,
        confidence=levels,
        numerator=x,
        denominator=n,
        statistic=statistic,
    )


def rate(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    *,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    where: Locator = at_position,
) -> RateResult:
    """Crude rates with exact Poisson limits below 10 events and Byars' limits from 10.

    ``value = x/n·m``; limits are ``L(x)/n·m`` and ``U(x)/n·m`` with ``L, U`` from
    :func:`equityhub.stats.intervals.poisson_limits`. The numerator may exceed the denominator.

    Raises
    ------
    ValueError
        Negative numerator or denominator not above zero (naming the position).
    """
    m = check_multiplier(multiplier)
    x, n = _counts(numerator, denominator, where)
    levels = _levels(confidence)
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    method = poisson_method(x)
    for level in levels:
        low, high = poisson_bounds(x, confidence=level)
        lower[level], upper[level] = low / n * m, high / n * m
    return RateResult(
        value=x / n * m,
        lower=lower,
        upper=upper,
        confidence=levels,
        numerator=x,
        denominator=n,
        statistic=f"rate per {multiplier_text(m)}",
        method=method,
    )


def _mean_from_summary(
    total: FloatArray, count: FloatArray, sd: FloatArray, levels: tuple[float, ...]
) -> MeanResult:
    value = total / count
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    for level in levels:
        lower[level], upper[level] = t_limits(value, sd, count, confidence=level)
    return MeanResult(
        value=value,
        lower=lower,
        upper=upper,
        confidence=levels,
        value_sum=total,
        value_count=count,
        stdev=sd,
    )


def mean(values: npt.ArrayLike, *, confidence: Confidence = 0.95) -> MeanResult:
    """The mean of one set of values with Student t limits (one-element result).

    ``value = Σx/k``; limits ``value ∓ |t⁻¹((1−c)/2; k−1)|·s/√k`` with ``s`` the sample standard
    deviation. A missing value makes the mean missing, as in the reference.
    """
    x = as_float_array(values, "values")
    if x.size == 0:
        raise ValueError("values: give at least one value")
    sd = np.std(x, ddof=1) if x.size > 1 else np.nan
    return _mean_from_summary(
        np.array([x.sum()]), np.array([float(x.size)]), np.array([sd]), _levels(confidence)
    )


def _grouped_counts(df: Any, by: Any, numerator: str, denominator: str) -> tuple[Any, ...]:
    groups = group_rows(df, by)
    x = numeric_column(df, numerator, field="numerator")
    n = numeric_column(df, denominator, field="denominator")
    _counts(x, n, groups.describe_row)
    return groups, groups.sum(x), groups.sum(n)


def proportion_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Proportions per group of a pandas or polars DataFrame (numerator and denominator summed).

    Returns a frame of the same kind: the ``by`` columns, the summed numerator and denominator
    (under their own names), ``value``, the limits, ``confidence``, ``statistic``, ``method``.

    Parameters
    ----------
    type : {"full", "standard", "value", "lower", "upper"}, keyword-only
        Output shape, as the R functions give it (see :mod:`equityhub.stats.shapes`).
    names : {"equityhub", "phe"}, keyword-only
        Limit column names: ``lower_95``... (as the command line) or PHEindicatormethods'
        ``lowercl``/``lower95_0cl``...
    """
    groups, x, n = _grouped_counts(df, by, numerator, denominator)
    result = proportion(x, n, confidence=confidence, multiplier=multiplier, where=groups.describe)
    columns = {"numerator": numerator, "denominator": denominator}
    first = ("numerator", "denominator")
    return result_to_frame(groups, result, rename=columns, first=first, type=type, names=names)


def rate_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Crude rates per group of a pandas or polars DataFrame (see :func:`rate`).

    Output as :func:`proportion_by`.
    """
    groups, x, n = _grouped_counts(df, by, numerator, denominator)
    result = rate(x, n, confidence=confidence, multiplier=multiplier, where=groups.describe)
    columns = {"numerator": numerator, "denominator": denominator}
    first = ("numerator", "denominator")
    return result_to_frame(groups, result, rename=columns, first=first, type=type, names=names)


def mean_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    values: str,
    confidence: Confidence = 0.95,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Means per group with Student t limits (see :func:`mean`).

    The standard deviation is computed in two passes (group means first, then squared
    deviations), so it stays accurate for large values.
    """
    groups = group_rows(df, by)
    x = numeric_column(df, values, field="values")
    count = groups.count()
    total = groups.sum(x)
    deviations = (x - groups.broadcast(total / count)) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(groups.sum(deviations) / (count - 1))
    result = _mean_from_summary(total, count, sd, _levels(confidence))
    first = ("value_sum", "value_count", "stdev")
    return result_to_frame(groups, result, first=first, type=type, names=names)
