"""Between-group variance (BGV), between-group standard deviation (BGSD) and coefficient of
variation (COV).

``BGV = Σ w_i (y_i − μ)²``, ``BGSD = √BGV``, ``COV = 100·BGSD/μ``. BGV has an analytic SE
(all SEs needed): with ``A = Σ w²s²(y − μ)²``, ``B = Σ w²s²``, ``C = Σ w⁴s⁴`` and
``D = Σ w²(1 − w)²s⁴``, ``SE = √(4A + 2(B² − C + D))``. BGSD and COV have simulated limits
(:mod:`._simulate`), recomputing μ in every repetition.

References
----------
WHO (2013). Handbook on health inequality monitoring. Geneva: World Health Organization.
WHO (2024). healthequal 1.0.1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from equityhub.stats.who._common import (
    Subgroups,
    WHOResult,
    normal_limits,
    prepared,
    result,
    simulation_note,
    zero_mean,
)
from equityhub.stats.who._simulate import simulated_limits

FloatArray = npt.NDArray[np.float64]
__all__ = ["bgsd", "bgv", "cov"]


def _bgsd_draws(w: FloatArray) -> Callable[[FloatArray], FloatArray]:
    def statistic(draws: FloatArray) -> FloatArray:
        mean = draws @ w
        return np.sqrt(((draws - mean[:, None]) ** 2) @ w)

    return statistic


def bgv(sub: Subgroups) -> WHOResult:
    """Between-group variance (squared units of the indicator), analytic limits."""
    checked = prepared("bgv", sub, allow_force=False)
    if isinstance(checked, WHOResult):
        return checked
    w, y, mean = checked.weights, checked.estimate, checked.weighted_mean
    value = float(np.sum(w * (y - mean) ** 2))
    if not checked.has_se or checked.se is None:
        return result("bgv", checked, value, note="no limits: needs every standard error")
    var = checked.se**2
    a = np.sum(w**2 * var * (y - mean) ** 2)
    b = np.sum(w**2 * var)
    c = np.sum(w**4 * var**2)
    d = np.sum(w**2 * (1 - w) ** 2 * var**2)
    se = float(np.sqrt(4 * a + 2 * (b**2 - c + d)))
    lower, upper = normal_limits(value, se, checked.z)
    return result("bgv", checked, value, se=se, lower=lower, upper=upper)


def bgsd(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Between-group standard deviation, simulated limits."""
    checked = prepared("bgsd", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, y, mean = checked.weights, checked.estimate, checked.weighted_mean
    value = float(np.sqrt(np.sum(w * (y - mean) ** 2)))
    statistic = _bgsd_draws(w)
    lower, upper = simulated_limits(checked, statistic, sim=sim, seed=seed)
    return result("bgsd", checked, value, lower=lower, upper=upper, note=simulation_note(checked))


def cov(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Coefficient of variation ``100·BGSD/μ`` (percent), simulated limits."""
    checked = prepared("cov", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, y, mean = checked.weights, checked.estimate, checked.weighted_mean
    if (refused := zero_mean("cov", checked, mean)) is not None:
        return refused
    value = float(100 * np.sqrt(np.sum(w * (y - mean) ** 2)) / mean)
    spread = _bgsd_draws(w)

    def statistic(draws: FloatArray) -> FloatArray:
        return 100 * spread(draws) / (draws @ w)

    lower, upper = simulated_limits(checked, statistic, sim=sim, seed=seed)
    return result("cov", checked, value, lower=lower, upper=upper, note=simulation_note(checked))
