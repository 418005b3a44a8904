"""Differences of proportions and rates, and differences in differences (MOVER limits)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from equityhub.stats.differences import (
    DifferenceResult,
    difference_in_differences,
    mover_difference,
    proportion_difference,
    rate_difference,
)

Z = float(sps.norm.ppf(0.975))


def _wilson(x: float, n: float) -> tuple[float, float]:
    """Wilson score limits written out by hand (Wilson 1927)."""
    centre, spread = 2 * x + Z**2, Z * math.sqrt(Z**2 + 4 * x * (1 - x / n))
    return (centre - spread) / (2 * (n + Z**2)), (centre + spread) / (2 * (n + Z**2))


def _poisson(x: int) -> tuple[float, float]:
    """Exact limits from the chi-squared quantiles below 10 events, Byars' formula from 10."""
    if x < 10:
        lower = 0.0 if x == 0 else sps.chi2.ppf(0.025, 2 * x) / 2
        return lower, sps.chi2.ppf(0.975, 2 * x + 2) / 2
    lower = x * (1 - 1 / (9 * x) - Z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


def test_newcombe_published_example() -> None:
    # Newcombe (1998) Stat Med 17:873, Table II, example (a) 56/70 − 48/80, method 10
    # (hybrid score): 0.2000, 95% limits 0.0524 to 0.3339.
    result = proportion_difference(56, 70, 48, 80)
    assert result.difference[0] == pytest.approx(0.2, abs=1e-12)
    assert result.lower[0] == pytest.approx(0.0524, abs=5e-5)
    assert result.upper[0] == pytest.approx(0.3339, abs=5e-5)
    assert "Newcombe" in result.method


def test_proportion_difference_matches_hand_formula_and_scales() -> None:
    x1, n1, x0, n0 = 1900, 10200, 4400, 20400
    p1, p0 = x1 / n1, x0 / n0
    (l1, u1), (l0, u0) = _wilson(x1, n1), _wilson(x0, n0)
    lower = p1 - p0 - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    upper = p1 - p0 + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    result = proportion_difference([x1], [n1], [x0], [n0], multiplier=100)
    assert result.difference[0] == pytest.approx(100 * (p1 - p0), rel=1e-12)
    assert result.lower[0] == pytest.approx(100 * lower, rel=1e-10)
    assert result.upper[0] == pytest.approx(100 * upper, rel=1e-10)
    # With large counts the score interval is close to Wald's: within 0.01 percentage points.
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    assert result.lower[0] == pytest.approx(100 * (p1 - p0 - Z * se), abs=0.01)
    assert bool(result.significant[0])


@pytest.mark.parametrize(("x1", "x0"), [(3, 8), (12, 7), (450, 380)])
def test_rate_difference_matches_hand_formula(x1: int, x0: int) -> None:
    n1, n0, per = 52_000.0, 48_000.0, 100_000
    r1, r0 = x1 / n1 * per, x0 / n0 * per
    (a1, b1), (a0, b0) = _poisson(x1), _poisson(x0)
    l1, u1, l0, u0 = a1 / n1 * per, b1 / n1 * per, a0 / n0 * per, b0 / n0 * per
    result = rate_difference(x1, n1, x0, n0, multiplier=per)
    assert result.difference[0] == pytest.approx(r1 - r0, rel=1e-12)
    assert result.lower[0] == pytest.approx(r1 - r0 - math.hypot(r1 - l1, u0 - r0), rel=1e-9)
    assert result.upper[0] == pytest.approx(r1 - r0 + math.hypot(u1 - r1, r0 - l0), rel=1e-9)


def test_rate_difference_close_to_wald_for_large_counts() -> None:
    # Var(x/n) = x/n² for Poisson counts; Wald and MOVER agree within 0.5% of the half-width.
    x1, n1, x0, n0 = 9000, 1e6, 8000, 1e6
    result = rate_difference(x1, n1, x0, n0, multiplier=1000)
    se = math.sqrt(x1 / n1**2 + x0 / n0**2) * 1000
    half = (result.upper[0] - result.lower[0]) / 2
    assert half == pytest.approx(Z * se, rel=0.005)


def test_difference_in_differences_combines_the_two_intervals() -> None:
    pilot = proportion_difference(1900, 10200, 4400, 20400, multiplier=100)
    comparator = proportion_difference(2100, 10000, 4300, 20000, multiplier=100)
    did = difference_in_differences(pilot, comparator)
    d1, d0 = pilot.difference[0], comparator.difference[0]
    lower = d1 - d0 - math.sqrt((d1 - pilot.lower[0]) ** 2 + (comparator.upper[0] - d0) ** 2)
    upper = d1 - d0 + math.sqrt((pilot.upper[0] - d1) ** 2 + (d0 - comparator.lower[0]) ** 2)
    assert did.difference[0] == pytest.approx(d1 - d0, rel=1e-12)
    assert (did.lower[0], did.upper[0]) == pytest.approx((lower, upper), rel=1e-12)
    # Against Wald with the four binomial variances: within 0.02 percentage points.
    counts = [(1900, 10200), (4400, 20400), (2100, 10000), (4300, 20000)]
    var = sum((x / n) * (1 - x / n) / n for x, n in counts)
    assert did.lower[0] == pytest.approx(d1 - d0 - Z * 100 * math.sqrt(var), abs=0.02)
    assert "Zou" in did.method


def test_vectorised_over_groups() -> None:
    result = proportion_difference([10, 20], [100, 100], [15, 15], [100, 100])
    assert isinstance(result, DifferenceResult)
    assert np.allclose(result.difference, [-0.05, 0.05])
    assert result.lower.shape == (2,)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="numerator"):
        proportion_difference(12, 10, 5, 10)
    with pytest.raises(ValueError, match="denominator"):
        rate_difference(3, 0, 5, 10)
    with pytest.raises(ValueError, match="limits"):
        mover_difference([1.0], ([2.0], [3.0]), [1.0], ([0.5], [1.5]))
    pilot = proportion_difference(10, 100, 15, 100)
    other = proportion_difference(10, 100, 15, 100, confidence=0.998)
    with pytest.raises(ValueError, match="confidence"):
        difference_in_differences(pilot, other)
