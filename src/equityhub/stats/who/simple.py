"""Simple and impact measures: difference (D), ratio (R), population attributable fraction (PAF)
and population attributable risk (PAR).

Which subgroups are compared (as healthequal 1.0.1 computes it):

- ordered dimension: favourable ``y1`` = most advantaged (highest order), ``y2`` = least
  advantaged (order 1); adverse the other way round;
- non-ordered, no reference flag: ``y1`` = highest, ``y2`` = lowest estimate (either direction);
- non-ordered with a reference: favourable ``y1`` = reference, ``y2`` = lowest other subgroup;
  adverse ``y1`` = highest other subgroup, ``y2`` = reference.

``D = y1 − y2`` with ``SE = √(s1² + s2²)``; ``R = y1 / y2`` with the SE of ``ln R``,
``√(s1²/y1² + s2²/y2²)``, and limits ``exp(ln R ± z·SE)``.

PAF and PAR compare the best subgroup (highest order when ordered; else the highest estimate when
favourable, the lowest when adverse) with the mean ``μ`` (population-weighted, else the setting
average): ``PAR = ref − μ``, ``PAF = 100·PAR/μ``, both set to 0 when the best subgroup is worse
than the mean. The SE comes from a 2×2 table of populations (Greenland 1984): with
``N = ΣP``, ``c = (ref/scale)·P_ref``, ``d = P_ref − c``, ``a = (μ/scale)·N − c``,
``b = N − a − P_ref``, ``se_f = √(c·N·(a·d·(N − c) + b·c²) / ((a + c)³ (c + d)³))`` on the fraction
scale; ``SE(PAF) = 100·se_f`` and ``SE(PAR) = |μ|·se_f``.

References
----------
WHO (2013). Handbook on health inequality monitoring. Geneva: World Health Organization.
Greenland S (1984). Bias in methods for deriving standardized morbidity ratio and attributable
    fraction estimates. Stat Med 3:131-141.
"""

from __future__ import annotations

import numpy as np

from equityhub.stats.who._common import (
    Subgroups,
    WHOResult,
    normal_limits,
    not_applicable,
    result,
    without_missing,
)

__all__ = ["d", "paf", "par", "r"]


def _pair(sub: Subgroups) -> tuple[int, int, str]:
    """Positions of ``y1`` and ``y2`` and a note about ties."""
    est = sub.estimate
    if sub.order is not None:
        top, bottom = int(np.argmax(sub.order)), int(np.argmin(sub.order))
        return (top, bottom, "") if sub.favourable else (bottom, top, "")
    ref = sub.reference
    if ref is None or not ref.any():
        return int(np.argmax(est)), int(np.argmin(est)), ""
    reference = int(np.flatnonzero(ref)[0])
    others = np.flatnonzero(~ref)
    pick = others[np.argmin(est[others])] if sub.favourable else others[np.argmax(est[others])]
    tied = np.count_nonzero(est[others] == est[pick]) > 1
    note = "several subgroups tie; the first in input order is used" if tied else ""
    if sub.favourable:
        return reference, int(pick), note
    return int(pick), reference, note


def _prepared(measure: str, sub: Subgroups) -> Subgroups | WHOResult:
    checked = without_missing(sub, ordered_measure=False)
    if isinstance(checked, str):
        return not_applicable(measure, sub, checked)
    if checked.n < 2:
        return not_applicable(measure, sub, "needs at least 2 subgroups")
    return checked


def d(sub: Subgroups) -> WHOResult:
    """Difference ``D = y1 − y2`` with ``SE = √(s1² + s2²)``."""
    checked = _prepared("d", sub)
    if isinstance(checked, WHOResult):
        return checked
    first, second, note = _pair(checked)
    value = checked.estimate[first] - checked.estimate[second]
    if checked.se is None:
        return result("d", checked, value, note=note)
    se = float(np.hypot(checked.se[first], checked.se[second]))
    return result("d", checked, value, se=se, note=note,
                  lower=value - checked.z * se, upper=value + checked.z * se)  # fmt: skip


def r(sub: Subgroups) -> WHOResult:
    """Ratio ``R = y1 / y2``; ``se`` is the SE of ``ln R`` and the limits are exponentiated."""
    checked = _prepared("r", sub)
    if isinstance(checked, WHOResult):
        return checked
    first, second, note = _pair(checked)
    y1, y2 = checked.estimate[first], checked.estimate[second]
    if y2 == 0:
        return _ratio_against_zero(checked, y1, note)
    value = float(y1 / y2)
    if checked.se is None:
        note = "; ".join(filter(None, [note, "no standard errors, so no limits"]))
        return result("r", checked, value, note=note)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        se = float(np.sqrt((checked.se[first] / y1) ** 2 + (checked.se[second] / y2) ** 2))
        lower, upper = np.exp(normal_limits(np.log(value), se, checked.z))
    return result("r", checked, value, se=se, lower=lower, upper=upper, note=note)


INFINITE_RATIO = (
    "the denominator subgroup's estimate is 0, so the ratio is infinite (as healthequal "
    "reports it); no limits"
)


def _ratio_against_zero(sub: Subgroups, y1: float, note: str) -> WHOResult:
    """``y1 / 0``: infinite as healthequal reports it (R's division), with no SE or limits.

    healthequal's SE formula divides infinity by infinity here, so its SE and limits are
    missing; ``0 / 0`` has no value at all.
    """
    if y1 == 0:
        return not_applicable("r", sub, "both subgroups' estimates are 0, so there is no ratio")
    value = float(np.copysign(np.inf, y1))
    return result("r", sub, value, note="; ".join(filter(None, [note, INFINITE_RATIO])))


def _impact(sub: Subgroups) -> tuple[float, float, float, float] | str:
    """``(ref, μ, P_ref, se on the fraction scale)`` or a note."""
    est = sub.estimate
    if sub.order is not None:
        best = est[sub.order == np.max(sub.order)]
        chosen = sub.order == np.max(sub.order)
    else:
        target = np.max(est) if sub.favourable else np.min(est)
        chosen = est == target
        best = est[chosen]
    ref = float(best[0])
    if sub.population is None:
        if sub.setting_average is None:
            return "needs populations or a setting average"
        return ref, sub.setting_average, float("nan"), float("nan")
    mean = sub.weighted_mean
    pop_ref = float(np.max(sub.population[chosen]))
    if sub.scale is None:
        return ref, mean, pop_ref, float("nan")
    return ref, mean, pop_ref, _fraction_se(ref, mean, pop_ref, float(sub.population.sum()),
                                            sub.scale)  # fmt: skip


def _fraction_se(ref: float, mean: float, pop_ref: float, total: float, scale: float) -> float:
    c = np.float64(ref) / scale * pop_ref
    d_ = pop_ref - c
    a = mean / scale * total - c
    b = total - a - pop_ref
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = c * total * (a * d_ * (total - c) + b * c**2) / ((a + c) ** 3 * (c + d_) ** 3)
        return float(np.sqrt(variance))


def _zeroed(sub: Subgroups, ref: float, mean: float) -> bool:
    return (sub.favourable and ref < mean) or (not sub.favourable and ref > mean)


def paf(sub: Subgroups) -> WHOResult:
    """Population attributable fraction, in percent.

    Differs from healthequal on purpose: its SE is the fraction-scale ``se_f`` although PAF is in
    percent, so its interval is 100 times too narrow. Here ``SE = 100·se_f``; healthequal's
    values are kept in ``healthequal``.
    """
    checked = _prepared("paf", sub)
    if isinstance(checked, WHOResult):
        return checked
    parts = _impact(checked)
    if isinstance(parts, str):
        return not_applicable("paf", checked, parts)
    ref, mean, _, se_f = parts
    if mean == 0:
        return not_applicable("paf", checked, "the mean is 0, so the fraction is undefined")
    value = 0.0 if _zeroed(checked, ref, mean) else 100 * (ref - mean) / mean
    se = 100 * se_f
    lower, upper = normal_limits(value, se, checked.z)
    he_lower, he_upper = normal_limits(value, se_f, checked.z)
    return result("paf", checked, value, se=se, lower=lower, upper=upper,
                  healthequal={"se": se_f, "lower": he_lower, "upper": he_upper})  # fmt: skip


def par(sub: Subgroups) -> WHOResult:
    """Population attributable risk ``ref − μ`` on the indicator's scale."""
    checked = _prepared("par", sub)
    if isinstance(checked, WHOResult):
        return checked
    parts = _impact(checked)
    if isinstance(parts, str):
        return not_applicable("par", checked, parts)
    ref, mean, _, se_f = parts
    value = 0.0 if _zeroed(checked, ref, mean) else ref - mean
    se = abs(mean) * se_f
    lower, upper = normal_limits(value, se, checked.z)
    return result("par", checked, value, se=se, lower=lower, upper=upper)
