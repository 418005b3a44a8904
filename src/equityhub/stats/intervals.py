"""Confidence limit primitives, vectorised over numpy arrays.

Each function takes one confidence level (a fraction such as 0.95, or a percentage such as 95)
and returns ``(lower, upper)`` arrays of the same length as its input. Missing inputs (NaN) give
NaN limits. Throughout, ``z`` is the two-sided normal quantile ``Φ⁻¹(c + (1 − c)/2)``.

References
----------
Wilson EB (1927). Probable inference, the law of succession, and statistical inference.
    J Am Stat Assoc 22:209-212.
Breslow NE, Day NE (1987). Statistical methods in cancer research, vol II (Byars' approximation).
    IARC Scientific Publications 82.
Ulm K (1990). A simple method to calculate the confidence interval of a standardized mortality
    ratio. Am J Epidemiol 131:373-375 (exact Poisson limits from the chi-squared distribution).
Public Health England (2018). Technical guide: confidence intervals. PHEindicatormethods 2.1.0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from equityhub.stats._checks import FloatArray, as_float_array, confidence_levels, z_value

__all__ = [
    "EXACT_BELOW",
    "byars_limits",
    "exact_poisson_limits",
    "poisson_bounds",
    "poisson_limits",
    "poisson_method",
    "t_limits",
    "wilson_limits",
]

EXACT_BELOW = 10
"""Counts below this use exact Poisson limits; from this count up, Byars' approximation."""

Limits = tuple[FloatArray, FloatArray]


def _one_level(confidence: float) -> float:
    levels = confidence_levels(confidence)
    if len(levels) != 1:
        raise ValueError("confidence: give a single level to a limits primitive")
    return levels[0]


def wilson_limits(
    numerator: npt.ArrayLike, denominator: npt.ArrayLike, *, confidence: float = 0.95
) -> Limits:
    """Wilson score limits for a proportion ``x/n``.

    .. math::

        \\frac{2x + z^2 \\mp z\\sqrt{z^2 + 4x(1 - x/n)}}{2(n + z^2)}

    At 100% confidence the limits are 0 and 1, as in PHEindicatormethods.

    Parameters
    ----------
    numerator, denominator : array_like
        Counts ``x`` (may be fractional) and group sizes ``n``.
    confidence : float, keyword-only
        Confidence level, 0.9–1 or 90–100.

    Returns
    -------
    lower, upper : ndarray
        Limits as proportions (multiply by 100 for percentages).
    """
    level = _one_level(confidence)
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator")
    if level == 1:
        shape = np.broadcast(x, n).shape
        missing = np.isnan(x + n)
        return np.where(missing, np.nan, np.zeros(shape)), np.where(missing, np.nan, np.ones(shape))
    z = z_value(level)
    squared = z**2
    with np.errstate(invalid="ignore", divide="ignore"):
        # The formula's operations in its order, each buffer reused: no temporary per step.
        spread = np.divide(x, n)
        np.subtract(1, spread, out=spread)
        np.multiply(4 * x, spread, out=spread)
        np.add(squared, spread, out=spread)
        np.sqrt(spread, out=spread)
        np.multiply(z, spread, out=spread)
        centre = np.multiply(2, x)
        np.add(centre, squared, out=centre)
        scale = np.add(n, squared)
        np.multiply(2, scale, out=scale)
        lower = np.subtract(centre, spread)
        np.divide(lower, scale, out=lower)
        upper = np.add(centre, spread)
        np.divide(upper, scale, out=upper)
    return lower, upper


def byars_limits(observed: npt.ArrayLike, *, confidence: float = 0.95) -> Limits:
    """Byars' approximation to Poisson limits for an observed count ``O``.

    .. math::

        L = O\\left(1 - \\frac{1}{9O} - \\frac{z}{3\\sqrt{O}}\\right)^3, \\qquad
        U = (O + 1)\\left(1 - \\frac{1}{9(O+1)} + \\frac{z}{3\\sqrt{O+1}}\\right)^3

    A negative lower limit is returned as NaN (as the reference does); a count of 0 has lower
    limit 0.
    """
    level = _one_level(confidence)
    o = as_float_array(observed, "observed")
    z = z_value(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = _times_cubed(o, _byars_base(o, -z))
        above = o + 1
        upper = _times_cubed(above, _byars_base(above, z))
    lower[o == 0] = 0.0
    lower[lower < 0] = np.nan
    return lower, upper


def _byars_base(count: FloatArray, z: float) -> FloatArray:
    """``1 − 1/(9c) ± z/(3√c)`` (the sign is ``z``'s), in two buffers instead of six."""
    base = np.multiply(count, 9)
    np.divide(1, base, out=base)
    np.subtract(1, base, out=base)
    root = np.sqrt(count)
    np.multiply(root, 3, out=root)
    np.divide(abs(z), root, out=root)
    return np.add(base, root, out=base) if z > 0 else np.subtract(base, root, out=base)


def _times_cubed(count: FloatArray, base: FloatArray) -> FloatArray:
    """``((c·b)·b)·b``: the cube by multiplication, far cheaper than ``** 3``."""
    product = np.multiply(count, base)
    np.multiply(product, base, out=product)
    return np.multiply(product, base, out=product)


def exact_poisson_limits(observed: npt.ArrayLike, *, confidence: float = 0.95) -> Limits:
    """Exact Poisson limits from the chi-squared distribution.

    .. math::

        L = \\tfrac12\\chi^{2\\,-1}\\!\\left(\\tfrac{1-c}{2};\\,2O\\right), \\qquad
        U = \\tfrac12\\chi^{2\\,-1}\\!\\left(c + \\tfrac{1-c}{2};\\,2O + 2\\right)

    With ``O = 0`` the lower limit is 0 (chi-squared with 0 degrees of freedom).
    """
    level = _one_level(confidence)
    o = as_float_array(observed, "observed")
    tail = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        lower = np.where(o == 0, 0.0, sps.chi2.ppf(tail, 2 * np.where(o == 0, 1, o)) / 2)
        upper = sps.chi2.ppf(level + tail, 2 * o + 2) / 2
    return lower, upper


def poisson_limits(
    observed: npt.ArrayLike, *, confidence: float = 0.95, exact_below: float = EXACT_BELOW
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.object_]]:
    """Limits for a Poisson count: exact below ``exact_below`` events, Byars from there up.

    Returns
    -------
    lower, upper : ndarray
        Limits on the count scale.
    method : ndarray of str
        ``"Exact"`` or ``"Byars"`` per element; ``None`` where the count is missing.
    """
    o = as_float_array(observed, "observed")
    lower, upper = poisson_bounds(o, confidence=confidence, exact_below=exact_below)
    return lower, upper, poisson_method(o, exact_below=exact_below)


def poisson_bounds(
    observed: npt.ArrayLike, *, confidence: float = 0.95, exact_below: float = EXACT_BELOW
) -> Limits:
    """The limits of :func:`poisson_limits` without the method labels."""
    o = as_float_array(observed, "observed")
    exact = o < exact_below
    lower, upper = byars_limits(o, confidence=confidence)
    if exact.any():
        lower[exact], upper[exact] = exact_poisson_limits(o[exact], confidence=confidence)
    return lower, upper


def poisson_method(
    observed: npt.ArrayLike, *, exact_below: float = EXACT_BELOW
) -> npt.NDArray[np.object_]:
    """``"Exact"`` below ``exact_below`` events, ``"Byars"`` from there, ``None`` if missing."""
    o = as_float_array(observed, "observed")
    labels = np.array(["Byars", "Exact", None], dtype=object)
    return labels[np.where(np.isnan(o), 2, (o < exact_below).astype(np.intp))]


def t_limits(
    mean: npt.ArrayLike, sd: npt.ArrayLike, count: npt.ArrayLike, *, confidence: float = 0.95
) -> Limits:
    """Student t limits for a mean of ``k`` values with standard deviation ``s``.

    .. math::

        \\bar{x} \\mp \\left|t^{-1}\\left(\\tfrac{1-c}{2};\\,k-1\\right)\\right|
        \\frac{s}{\\sqrt{k}}

    Groups of one value (``k - 1 = 0`` degrees of freedom) get NaN limits.
    """
    level = _one_level(confidence)
    m = as_float_array(mean, "mean")
    s = as_float_array(sd, "sd")
    k = as_float_array(count, "count")
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.abs(sps.t.ppf((1 - level) / 2, np.where(k > 1, k - 1, np.nan)))
        half = t * s / np.sqrt(k)
    return m - half, m + half
