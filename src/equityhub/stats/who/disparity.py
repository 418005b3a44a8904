"""Index of disparity and mean differences: IDISU, IDISW, MDBU, MDBW, MDMU, MDMW, MDRU, MDRW.

With ``μ`` the population-weighted mean (or the setting average where stated), ``best`` the
highest estimate for a favourable indicator and the lowest for an adverse one, and ``y_ref`` the
flagged reference subgroup:

=======  =========================  =======  =========================
IDISU    ``100/n·Σ|y − μ|/μ``        IDISW    ``100·Σ w|y − μ|/μ``
MDBU     ``Σ|y − best|/n``            MDBW     ``Σ w|y − best|``
MDMU     ``Σ|y − μ|/n``               MDMW     ``Σ w|y − μ|``
MDRU     ``Σ|y − y_ref|/n``           MDRW     ``Σ w|y − y_ref|``
=======  =========================  =======  =========================

IDISU and MDMU use the setting average as μ when it is given. All limits are simulated
(:mod:`._simulate`), recomputing μ, best and y_ref from each simulated vector; a setting average
stays fixed. Deliberate differences from healthequal 1.0.1 (its values kept in ``healthequal``):
IDISW there keeps the original μ in every repetition; MDMU with both populations and a setting
average simulates around the weighted mean instead; IDISU with both fails; MDB/MDR without SEs
fail instead of returning the estimate without limits.

References
----------
Pearcy JN, Keppel KG (2002). A summary measure of health disparity. Public Health Rep 117:273-280.
WHO (2013). Handbook on health inequality monitoring. Geneva: World Health Organization.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from equityhub.stats.who._common import (
    Subgroups,
    WHOResult,
    not_applicable,
    prepared,
    result,
    simulation_note,
    zero_mean,
)
from equityhub.stats.who._simulate import simulated_limits

FloatArray = npt.NDArray[np.float64]
Statistic = Callable[[FloatArray], FloatArray]
__all__ = ["idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw"]


def _finish(
    measure: str,
    sub: Subgroups,
    value: float,
    statistic: Statistic,
    sim: int,
    seed: int,
    healthequal_statistic: Statistic | None = None,
) -> WHOResult:
    lower, upper = simulated_limits(sub, statistic, sim=sim, seed=seed)
    extra: dict[str, float] = {}
    if healthequal_statistic is not None:
        he_lower, he_upper = simulated_limits(sub, healthequal_statistic, sim=sim, seed=seed)
        extra = {"lower": he_lower, "upper": he_upper}
    return result(measure, sub, value, lower=lower, upper=upper, note=simulation_note(sub),
                  healthequal=extra)  # fmt: skip


def _mean_source(sub: Subgroups) -> tuple[float, bool] | None:
    """``(μ, fixed)``: the setting average (fixed) when given, else the weighted mean."""
    if sub.setting_average is not None:
        return sub.setting_average, True
    if sub.population is None:
        return None
    return sub.weighted_mean, False


def _unweighted_about_mean(measure: str, sub: Subgroups, sim: int, seed: int) -> WHOResult:
    checked = prepared(measure, sub, needs_population=False)
    if isinstance(checked, WHOResult):
        return checked
    source = _mean_source(checked)
    if source is None:
        return not_applicable(measure, checked, "needs populations or a setting average")
    mean, fixed = source
    if measure == "idisu" and (refused := zero_mean(measure, checked, mean)) is not None:
        return refused
    factor = 100 / mean if measure == "idisu" else 1.0
    value = float(np.mean(np.abs(checked.estimate - mean)) * factor)
    w = None if fixed else checked.weights

    def statistic(draws: FloatArray) -> FloatArray:
        centre = np.full(len(draws), mean) if w is None else draws @ w
        spread = np.mean(np.abs(draws - centre[:, None]), axis=1)
        return spread * 100 / centre if measure == "idisu" else spread

    quirk = None
    if measure == "mdmu" and fixed and checked.population is not None:
        weights = checked.weights

        def quirk(draws: FloatArray) -> FloatArray:
            return np.mean(np.abs(draws - (draws @ weights)[:, None]), axis=1)

    return _finish(measure, checked, value, statistic, sim, seed, quirk)


def idisu(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Unweighted index of disparity (percent of μ)."""
    return _unweighted_about_mean("idisu", sub, sim, seed)


def mdmu(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Unweighted mean difference from the mean."""
    return _unweighted_about_mean("mdmu", sub, sim, seed)


def idisw(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Weighted index of disparity ``100·Σ w|y − μ|/μ``."""
    checked = prepared("idisw", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, mean = checked.weights, checked.weighted_mean
    if (refused := zero_mean("idisw", checked, mean)) is not None:
        return refused
    value = float(100 * np.sum(w * np.abs(checked.estimate - mean)) / mean)

    def statistic(draws: FloatArray) -> FloatArray:
        centre = draws @ w
        return 100 * (np.abs(draws - centre[:, None]) @ w) / centre

    def fixed_mean(draws: FloatArray) -> FloatArray:
        return 100 * (np.abs(draws - mean) @ w) / mean

    return _finish("idisw", checked, value, statistic, sim, seed, fixed_mean)


def mdmw(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Weighted mean difference from the mean ``Σ w|y − μ|``."""
    checked = prepared("mdmw", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, mean = checked.weights, checked.weighted_mean
    value = float(np.sum(w * np.abs(checked.estimate - mean)))

    def statistic(draws: FloatArray) -> FloatArray:
        return np.abs(draws - (draws @ w)[:, None]) @ w

    return _finish("mdmw", checked, value, statistic, sim, seed)


def _about_point(measure: str, sub: Subgroups, sim: int, seed: int) -> WHOResult:
    """MDB and MDR: mean (weighted when the name ends in w) distance from one point."""
    weighted = measure.endswith("w")
    checked = prepared(measure, sub, needs_population=weighted)
    if isinstance(checked, WHOResult):
        return checked
    if measure.startswith("mdr"):
        ref = checked.reference
        if ref is None or ref.sum() != 1:
            return not_applicable(measure, checked, "needs exactly one reference subgroup")
        position = int(np.flatnonzero(ref)[0])

        def point(values: FloatArray) -> FloatArray:
            return values[..., position]
    else:
        pick = np.max if checked.favourable else np.min

        def point(values: FloatArray) -> FloatArray:
            return np.asarray(pick(values, axis=-1))

    w = checked.weights if weighted else np.full(checked.n, 1 / checked.n)
    value = float(np.sum(w * np.abs(checked.estimate - point(checked.estimate))))

    def statistic(draws: FloatArray) -> FloatArray:
        return np.abs(draws - point(draws)[:, None]) @ w

    return _finish(measure, checked, value, statistic, sim, seed)


def mdbu(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Unweighted mean difference from the best performing subgroup."""
    return _about_point("mdbu", sub, sim, seed)


def mdbw(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Weighted mean difference from the best performing subgroup."""
    return _about_point("mdbw", sub, sim, seed)


def mdru(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Unweighted mean difference from the reference subgroup."""
    return _about_point("mdru", sub, sim, seed)


def mdrw(sub: Subgroups, *, sim: int = 100, seed: int = 123456) -> WHOResult:
    """Weighted mean difference from the reference subgroup."""
    return _about_point("mdrw", sub, sim, seed)
