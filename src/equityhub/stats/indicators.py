"""Proportions, crude rates and means with confidence limits, as PHEindicatormethods computes them.

Each method has an array function (one element per group) and a grouped DataFrame function
(``*_by``) that sums the inputs by the ``by`` columns first, as the reference does for grouped
data; :func:`counts_by` sums once for a proportion and a rate from the same counts. Missing
numerators or denominators give missing values and limits, never an error. The means live in
:mod:`equityhub.stats.means` and are importable from here too.

References
----------
PHEindicatormethods 2.1.0: ``phe_proportion``, ``phe_rate``, ``phe_mean``.
Public Health England (2018). Technical guide: confidence intervals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

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
from equityhub.stats.frame import (
    DataFrameT,
    Groups,
    group_rows,
    numeric_column,
    result_to_frame,
)
from equityhub.stats.intervals import poisson_bounds, poisson_method, wilson_limits
from equityhub.stats.means import MeanResult, mean, mean_by
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, OutputType

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "GroupedCounts",
    "MeanResult",
    "ProportionResult",
    "RateResult",
    "counts_by",
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
    # The smallest value first (one pass, no mask; NaN skipped): rows are searched only on error.
    if np.fmin.reduce(x, initial=np.inf) < 0:
        problem = "must not be negative"
        refuse_where(x < 0, field="numerator", problem=problem, values=x, where=where)
    if np.fmin.reduce(n, initial=np.inf) <= 0:
        problem = "must be above zero"
        refuse_where(n <= 0, field="denominator", problem=problem, values=n, where=where)
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


@dataclasses.dataclass(frozen=True)
class GroupedCounts[FrameT: (pd.DataFrame, pl.DataFrame)]:
    """Numerators and denominators summed per group once, for any number of indicators.

    Made by :func:`counts_by`. :meth:`proportion` and :meth:`rate` give the same frames as
    :func:`proportion_by` and :func:`rate_by` without grouping and summing the rows again, so
    a proportion and a rate from the same counts cost one pass over the data.

    Attributes
    ----------
    groups : Groups
        The rows split by the ``by`` columns (groups sorted by key).
    numerator, denominator : ndarray
        The sums per group.
    columns : tuple of str
        The names of the numerator and denominator columns, kept in the outputs.
    """

    groups: Groups
    numerator: FloatArray
    denominator: FloatArray
    columns: tuple[str, str]

    def proportion(
        self,
        *,
        confidence: Confidence = 0.95,
        multiplier: float = 1,
        type: OutputType = "full",
        names: ColumnNames = "equityhub",
    ) -> FrameT:
        """Proportions per group with Wilson limits (see :func:`proportion_by`)."""
        result = proportion(
            self.numerator,
            self.denominator,
            confidence=confidence,
            multiplier=multiplier,
            where=self.groups.describe,
        )
        return self._frame(result, type=type, names=names)

    def rate(
        self,
        *,
        confidence: Confidence = 0.95,
        multiplier: float = 100_000,
        type: OutputType = "full",
        names: ColumnNames = "equityhub",
    ) -> FrameT:
        """Crude rates per group with exact Poisson or Byars limits (see :func:`rate_by`)."""
        result = rate(
            self.numerator,
            self.denominator,
            confidence=confidence,
            multiplier=multiplier,
            where=self.groups.describe,
        )
        return self._frame(result, type=type, names=names)

    def _frame(self, result: IntervalResult, *, type: OutputType, names: ColumnNames) -> FrameT:
        rename = dict(zip(("numerator", "denominator"), self.columns, strict=True))
        first = ("numerator", "denominator")
        frame: FrameT = result_to_frame(
            self.groups, result, rename=rename, first=first, type=type, names=names
        )
        return frame


def counts_by(
    df: DataFrameT, *, by: str | Sequence[str] | None, numerator: str, denominator: str
) -> GroupedCounts[DataFrameT]:
    """Sum a numerator and a denominator per group of a pandas or polars DataFrame, once.

    The rows are checked (numerator not negative, denominator above zero, naming the row and
    its group), grouped by the ``by`` columns and summed in one vectorised pass; proportions
    and rates with limits then come from the sums without touching the rows again:

    >>> from equityhub.stats import datasets
    >>> counts = counts_by(datasets.smoking(), by="practice", numerator="smokers",
    ...                    denominator="adults")
    >>> percentages = counts.proportion(multiplier=100)
    >>> rates = counts.rate(multiplier=1_000)
    >>> round(float(percentages["value"][0]), 4), round(float(rates["value"][0]), 2)
    (18.553, 185.53)
    """
    groups = group_rows(df, by)
    x = numeric_column(df, numerator, field="numerator")
    n = numeric_column(df, denominator, field="denominator")
    _counts(x, n, groups.describe_row)
    return GroupedCounts(groups, groups.sum(x), groups.sum(n), (numerator, denominator))


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
    For a proportion and a rate from the same counts, :func:`counts_by` sums the rows once.

    Parameters
    ----------
    type : {"full", "standard", "value", "lower", "upper"}, keyword-only
        Output shape, as the R functions give it (see :mod:`equityhub.stats.shapes`).
    names : {"equityhub", "phe"}, keyword-only
        Limit column names: ``lower_95``... (as the command line) or PHEindicatormethods'
        ``lowercl``/``lower95_0cl``...
    """
    counts = counts_by(df, by=by, numerator=numerator, denominator=denominator)
    return counts.proportion(confidence=confidence, multiplier=multiplier, type=type, names=names)


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

    Output as :func:`proportion_by`; :func:`counts_by` sums the rows once for both.
    """
    counts = counts_by(df, by=by, numerator=numerator, denominator=denominator)
    return counts.rate(confidence=confidence, multiplier=multiplier, type=type, names=names)
