"""Differences of two proportions or two rates, and differences in differences, with limits.

Every interval here is built by the method of variance estimates recovery (MOVER; Zou & Donner
2008): the limits of a difference ``θ₁ − θ₀`` come from each estimate's own limits ``(lᵢ, uᵢ)``,

.. math::

    L = (θ_1 - θ_0) - \\sqrt{(θ_1 - l_1)^2 + (u_0 - θ_0)^2}, \\qquad
    U = (θ_1 - θ_0) + \\sqrt{(u_1 - θ_1)^2 + (θ_0 - l_0)^2}.

With Wilson score limits for the two proportions this is Newcombe's hybrid score interval
(method 10 of Newcombe 1998). For two crude rates the limits of each rate are the exact Poisson
limits below 10 events and Byars' approximation from 10 (as :func:`equityhub.stats.rate`).
A difference in differences ``(after − before)ₚ − (after − before)꜀`` combines the two
differences' MOVER limits by the same formula again, treating the two organisations' data as
independent.

References
----------
Newcombe RG (1998). Interval estimation for the difference between independent proportions:
    comparison of eleven methods. Stat Med 17:873-890.
Zou GY, Donner A (2008). Construction of confidence limits about effect measures: a general
    approach. Stat Med 27:1693-1702.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import FloatArray, as_float_array, same_length
from equityhub.stats.indicators import proportion, rate
from equityhub.stats.results import IntervalResult

__all__ = [
    "DifferenceResult",
    "difference_in_differences",
    "mover_difference",
    "proportion_difference",
    "rate_difference",
]

NEWCOMBE = "Newcombe's hybrid score method (MOVER with Wilson limits)"
RATE_MOVER = "MOVER with exact Poisson (below 10 events) or Byars' limits for each rate"
DID_MOVER = "MOVER combination of the two differences' limits (Zou & Donner 2008)"


@dataclasses.dataclass(frozen=True, kw_only=True)
class DifferenceResult:
    """Differences ``first − second`` with limits at one confidence level.

    ``first`` and ``second`` are the two estimates (for a before/after comparison, after and
    before); ``method`` names how the limits were found.
    """

    first: FloatArray
    second: FloatArray
    difference: FloatArray
    lower: FloatArray
    upper: FloatArray
    confidence: float
    method: str

    def confidence_interval(self) -> tuple[FloatArray, FloatArray]:
        return self.lower, self.upper

    @property
    def significant(self) -> npt.NDArray[np.bool_]:
        """True where the interval excludes zero."""
        return (self.lower > 0) | (self.upper < 0)


def mover_difference(
    first: npt.ArrayLike,
    first_limits: tuple[npt.ArrayLike, npt.ArrayLike],
    second: npt.ArrayLike,
    second_limits: tuple[npt.ArrayLike, npt.ArrayLike],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``first − second`` with MOVER limits from each estimate's ``(lower, upper)`` limits.

    Raises
    ------
    ValueError
        Arrays of different lengths, or an estimate outside its own limits.
    """
    t1, t0 = as_float_array(first, "first"), as_float_array(second, "second")
    l1, u1 = (as_float_array(v, "first_limits") for v in first_limits)
    l0, u0 = (as_float_array(v, "second_limits") for v in second_limits)
    same_length(first=t1, second=t0, l1=l1, u1=u1, l0=l0, u0=u0)
    with np.errstate(invalid="ignore"):
        outside = (l1 > t1) | (t1 > u1) | (l0 > t0) | (t0 > u0)
    if outside.any():
        raise ValueError("limits: each estimate must lie within its own lower and upper limit")
    difference = t1 - t0
    lower = difference - np.sqrt((t1 - l1) ** 2 + (u0 - t0) ** 2)
    upper = difference + np.sqrt((u1 - t1) ** 2 + (t0 - l0) ** 2)
    return difference, lower, upper


def proportion_difference(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    base_numerator: npt.ArrayLike,
    base_denominator: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 1,
) -> DifferenceResult:
    """``x/n − x₀/n₀`` (times ``multiplier``) with Newcombe's hybrid score limits.

    Raises
    ------
    ValueError
        Bad counts (as :func:`equityhub.stats.proportion`), or arrays of different lengths.
    """
    first = proportion(numerator, denominator, confidence=confidence, multiplier=multiplier)
    second = proportion(
        base_numerator, base_denominator, confidence=confidence, multiplier=multiplier
    )
    return _combine(first, second, NEWCOMBE)


def rate_difference(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike,
    base_numerator: npt.ArrayLike,
    base_denominator: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> DifferenceResult:
    """``x/n − x₀/n₀`` (times ``multiplier``, per person-time or population) with MOVER limits.

    Raises
    ------
    ValueError
        Negative counts, denominators not above zero, or arrays of different lengths.
    """
    first = rate(numerator, denominator, confidence=confidence, multiplier=multiplier)
    second = rate(base_numerator, base_denominator, confidence=confidence, multiplier=multiplier)
    return _combine(first, second, RATE_MOVER)


def difference_in_differences(
    pilot: DifferenceResult, comparator: DifferenceResult
) -> DifferenceResult:
    """The pilot's change minus the comparator's change, with MOVER limits.

    Raises
    ------
    ValueError
        The two results are at different confidence levels or of different lengths.
    """
    if pilot.confidence != comparator.confidence:
        raise ValueError("confidence: both differences must be at the same level")
    difference, lower, upper = mover_difference(
        pilot.difference,
        (pilot.lower, pilot.upper),
        comparator.difference,
        (comparator.lower, comparator.upper),
    )
    return DifferenceResult(
        first=pilot.difference,
        second=comparator.difference,
        difference=difference,
        lower=lower,
        upper=upper,
        confidence=pilot.confidence,
        method=DID_MOVER,
    )


def _combine(first: IntervalResult, second: IntervalResult, method: str) -> DifferenceResult:
    level = first.confidence[0]
    a, b = first.value, second.value
    difference, lower, upper = mover_difference(
        a, (first.lower[level], first.upper[level]), b, (second.lower[level], second.upper[level])
    )
    return DifferenceResult(
        first=np.asarray(a, float),
        second=np.asarray(b, float),
        difference=difference,
        lower=lower,
        upper=upper,
        confidence=level,
        method=method,
    )
