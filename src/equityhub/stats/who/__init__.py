"""WHO's 21 summary measures of health inequality, as healthequal 1.0.1 (the engine of the
Health Equity Assessment Toolkit) computes them from subgroup estimates.

=========  ====================================================  ===========================
measure    meaning                                               module
=========  ====================================================  ===========================
d, r       difference, ratio                                     :mod:`.simple`
paf, par   population attributable fraction (%) and risk         :mod:`.simple`
aci, rci   absolute, relative concentration index (ordered)      :mod:`.regression`
sii, rii   slope, relative index of inequality (ordered)         :mod:`.regression`
bgv, bgsd  between-group variance, standard deviation            :mod:`.variance`
cov        coefficient of variation (%)                          :mod:`.variance`
idisu/w    index of disparity, unweighted/weighted (%)           :mod:`.disparity`
mdbu/w     mean difference from the best subgroup                :mod:`.disparity`
mdmu/w     mean difference from the mean                         :mod:`.disparity`
mdru/w     mean difference from a reference subgroup             :mod:`.disparity`
mld, ti    mean log deviation, Theil index (×1000)               :mod:`.entropy`
=========  ====================================================  ===========================

Use :func:`summary_measures`. A measure that does not apply (an ordered measure on ethnicity, a
reference measure without a reference subgroup, too many missing estimates) gives a result with
NaN values and a ``note`` instead of an error. Where healthequal has a plain error (an SE on the
wrong scale, a crash), we do the correct thing and keep healthequal's figures in
``result.healthequal``; ``docs/statistics/inequality.md`` lists every difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy.typing as npt

from equityhub.stats.who import disparity, entropy, regression, simple, variance
from equityhub.stats.who._common import Subgroups, WHOResult, make_subgroups
from equityhub.stats.who.survey import survey_measures

__all__ = [
    "MEASURES", "Subgroups", "WHOResult", "make_subgroups", "summary_measures", "survey_measures",
]  # fmt: skip

#: Every measure, in healthequal's order.
MEASURES: tuple[str, ...] = (
    "d", "r", "paf", "par", "aci", "rci", "sii", "rii", "bgv", "bgsd", "cov", "idisu", "idisw",
    "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw", "mld", "ti",
)  # fmt: skip
_SIMULATED = {"bgsd", "cov", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw", "mdru", "mdrw"}
_MODULES = (simple, regression, variance, disparity, entropy)


def _function(name: str) -> Callable[..., WHOResult]:
    for module in _MODULES:
        if name in module.__all__:
            return getattr(module, name)
    raise ValueError(f"measure: {name!r} is not one of {', '.join(MEASURES)} or 'all'")


def _names(measure: str | Sequence[str]) -> list[str]:
    if isinstance(measure, str):
        return list(MEASURES) if measure == "all" else [measure.lower()]
    return [name.lower() for name in measure]


def compute(
    name: str,
    sub: Subgroups,
    *,
    linear: bool = False,
    sim: int = 100,
    seed: int = 123456,
    bounds: tuple[float, float] | None = None,
    rci_method: str | None = None,
) -> WHOResult:
    """One measure on prepared subgroups."""
    function = _function(name)
    if name in _SIMULATED:
        return function(sub, sim=sim, seed=seed)
    if name in ("sii", "rii"):
        return function(sub, linear=linear)
    if name == "aci":
        return function(sub, bounds=bounds)
    if name == "rci":
        return function(sub, bounds=bounds, method=rci_method)
    return function(sub)


def summary_measures(
    estimate: npt.ArrayLike,
    *,
    se: npt.ArrayLike | None = None,
    lower: npt.ArrayLike | None = None,
    upper: npt.ArrayLike | None = None,
    population: npt.ArrayLike | None = None,
    order: npt.ArrayLike | None = None,
    reference: npt.ArrayLike | None = None,
    favourable: bool = True,
    scale: float | None = 100.0,
    conf_level: float = 0.95,
    measure: str | Sequence[str] = "all",
    setting_average: float | None = None,
    linear: bool = False,
    sim: int = 100,
    seed: int = 123456,
    force: bool = False,
    lmin: float | None = None,
    lmax: float | None = None,
    rci_method: str | None = None,
) -> WHOResult | dict[str, WHOResult]:
    """WHO summary measures of inequality for one indicator across subgroups.

    Parameters
    ----------
    estimate : array_like
        Subgroup estimates (NaN for missing) on the indicator's scale.
    se : array_like, optional
        Their standard errors; else derived from 95% ``lower``/``upper`` as ``(u − l)/(2·1.96)``.
    population : array_like, optional
        Subgroup populations (weights; needed by most measures).
    order : array_like, optional
        For an ordered dimension (deprivation, wealth), 1 = least advantaged ... n = most
        advantaged. None for a non-ordered dimension (ethnicity, region).
    reference : array_like, optional
        1 for the reference subgroup (at most one), 0 otherwise.
    favourable : bool
        True when higher is better (coverage), False for adverse indicators (mortality).
    scale : float or None
        Indicator scale (100 for percent, 1000 per 1000): PAF/PAR SEs, simulation truncation.
    conf_level : float
        Confidence level (0.9–1 or 90–100).
    measure : str or sequence of str
        One WHO abbreviation, a list of them, or ``"all"``.
    setting_average : float, optional
        National average, used for PAF/PAR without populations and as μ in IDISU and MDMU.
    linear : bool
        Linear rather than logistic SII/RII.
    sim, seed : int
        Repetitions and seed of the simulated limits (R's generator, so they match R's).
    force : bool
        Drop missing estimates beyond the 15% (or, for ordered measures, any) limit.
    lmin, lmax : float, optional
        Bounds of a bounded indicator (e.g. 0 and 100): ACI and RCI then use the rescaled
        estimates ``(y − lmin)/(lmax − lmin)``.
    rci_method : {"wagstaff", "erreygers"}, optional
        Corrected RCI for a bounded indicator (needs ``lmin`` and ``lmax``).

    Returns
    -------
    WHOResult or dict of str to WHOResult
        One result for a single measure name, else a dict in :data:`MEASURES` order.

    References
    ----------
    WHO (2013). Handbook on health inequality monitoring. Geneva: World Health Organization.
    Schlotheuber A, Hosseinpoor AR (2022). Summary measures of health inequality: a review of
        existing measures and their application. Int J Environ Res Public Health 19:3697.
    """
    sub = make_subgroups(
        estimate, se=se, lower=lower, upper=upper, population=population, order=order,
        reference=reference, favourable=favourable, scale=scale,
        setting_average=setting_average, conf_level=conf_level, force=force,
    )  # fmt: skip
    bounds = regression.check_bounds(sub.estimate, lmin, lmax, rci_method)
    names = _names(measure)
    results = {
        name: compute(name, sub, linear=linear, sim=sim, seed=seed, bounds=bounds,
                      rci_method=rci_method)
        for name in names
    }  # fmt: skip
    if isinstance(measure, str) and measure != "all":
        return results[names[0]]
    return results
