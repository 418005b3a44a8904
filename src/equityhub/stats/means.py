"""Means with Student t limits, as PHEindicatormethods' ``phe_mean`` computes them.

An array function (:func:`mean`, one set of values) and a grouped DataFrame function
(:func:`mean_by`). Both are also importable from :mod:`equityhub.stats.indicators`, beside
proportions and rates.

References
----------
PHEindicatormethods 2.1.0: ``phe_mean``.
Public Health England (2018). Technical guide: confidence intervals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import FloatArray, as_float_array, confidence_levels
from equityhub.stats.frame import DataFrameT, group_rows, numeric_column, result_to_frame
from equityhub.stats.intervals import t_limits
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, OutputType

__all__ = ["MeanResult", "mean", "mean_by"]

Confidence = float | Sequence[float] | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class MeanResult(IntervalResult):
    """Means with Student t limits, with the sum, count and standard deviation they came from."""

    value_sum: FloatArray
    value_count: FloatArray
    stdev: FloatArray
    statistic: str = "mean"
    method: str = "Student's t-distribution"


def _levels(confidence: Confidence) -> tuple[float, ...]:
    return () if confidence is None else confidence_levels(confidence)


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
