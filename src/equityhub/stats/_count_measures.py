"""Proportions and crude rates with confidence limits, over arrays (one element per group).

The array half of :mod:`equityhub.stats.indicators`, which re-exports the results, functions
and ``multiplier_text`` and adds the grouped DataFrame functions: import them from there. Kept
apart so the grouped front end (one grouping for any set of these measures) has room of its own.

References
----------
PHEindicatormethods 2.1.0: ``phe_proportion``, ``phe_rate``.
Public Health England (2018). Technical guide: confidence intervals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

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
from equityhub.stats.intervals import poisson_bounds, poisson_method, wilson_limits
from equityhub.stats.results import IntervalResult

__all__ = [
    "Confidence",
    "ProportionResult",
    "RateResult",
    "check_counts",
    "multiplier_text",
    "proportion",
    "rate",
    "requested_levels",
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


def requested_levels(confidence: Confidence) -> tuple[float, ...]:
    """The levels asked for; none when ``confidence`` is ``None``."""
    return () if confidence is None else confidence_levels(confidence)


def check_counts(
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
    x, n = check_counts(numerator, denominator, where)
    refuse_where(
        x > n, field="numerator", problem="is above the denominator", values=x, where=where
    )
    levels = requested_levels(confidence)
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
    x, n = check_counts(numerator, denominator, where)
    levels = requested_levels(confidence)
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
