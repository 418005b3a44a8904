"""Mean log deviation (MLD) and Theil index (TI), both ×1000.

With ``ρ_i = y_i/μ`` (zero estimates replaced by 10⁻⁶, as healthequal does):
``MLD = 1000·Σ w_i (−ln ρ_i)`` and ``TI = 1000·Σ w_i ρ_i ln ρ_i``. Delta-method SEs:
``SE(MLD) = 1000·√(Σ w²s²(1 − 1/ρ)²)/μ`` and, with ``T′ = Σ wρ(1 + ln ρ)``,
``SE(TI) = 1000·√(Σ (1 + ln ρ − T′)² w²s²)/μ``; limits ``estimate ± z·SE``.

Deliberate difference from healthequal 1.0.1: it reports the SE without the factor 1000 (so its
interval is 1000 times too narrow); its values are kept in ``healthequal``.

References
----------
Theil H (1967). Economics and information theory. Amsterdam: North-Holland.
WHO (2013). Handbook on health inequality monitoring. Geneva: World Health Organization.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from equityhub.stats.who._common import (
    Subgroups,
    WHOResult,
    normal_limits,
    not_applicable,
    prepared,
    result,
)

FloatArray = npt.NDArray[np.float64]
__all__ = ["mld", "ti"]
ZERO_STANDIN = 1e-6
FACTOR = 1000.0


def _positive(measure: str, sub: Subgroups) -> Subgroups | WHOResult:
    checked = prepared(measure, sub)
    if isinstance(checked, WHOResult):
        return checked
    if np.any(checked.estimate < 0):
        return not_applicable(measure, checked, "needs estimates of 0 or more (logarithms)")
    return checked


def _shares(sub: Subgroups) -> tuple[FloatArray, FloatArray, float]:
    y = np.where(sub.estimate == 0, ZERO_STANDIN, sub.estimate)
    w = sub.weights
    mean = float(np.sum(w * y)) or ZERO_STANDIN
    return w, y / mean, mean


def _finish(measure: str, sub: Subgroups, value: float, unit_se: float) -> WHOResult:
    if not np.isfinite(unit_se):
        return result(measure, sub, value, note="no limits: needs every standard error")
    se = FACTOR * unit_se
    lower, upper = normal_limits(value, se, sub.z)
    he_lower, he_upper = normal_limits(value, unit_se, sub.z)
    return result(measure, sub, value, se=se, lower=lower, upper=upper,
                  healthequal={"se": unit_se, "lower": he_lower, "upper": he_upper})  # fmt: skip


def _variance_terms(sub: Subgroups, w: FloatArray) -> FloatArray:
    if not sub.has_se or sub.se is None:
        return np.full(sub.n, np.nan)
    return w**2 * sub.se**2


def mld(sub: Subgroups) -> WHOResult:
    """Mean log deviation ×1000 (non-ordered dimensions; populations needed)."""
    checked = _positive("mld", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, rho, mean = _shares(checked)
    value = float(FACTOR * np.sum(w * -np.log(rho)))
    terms = _variance_terms(checked, w)
    unit_se = float(np.sqrt(np.sum(terms * (1 - 1 / rho) ** 2)) / mean)
    return _finish("mld", checked, value, unit_se)


def ti(sub: Subgroups) -> WHOResult:
    """Theil index ×1000 (non-ordered dimensions; populations needed)."""
    checked = _positive("ti", sub)
    if isinstance(checked, WHOResult):
        return checked
    w, rho, mean = _shares(checked)
    log_rho = np.log(rho)
    value = float(FACTOR * np.sum(w * rho * log_rho))
    t_prime = np.sum(w * rho * (1 + log_rho))
    terms = _variance_terms(checked, w)
    unit_se = float(np.sqrt(np.sum((1 + log_rho - t_prime) ** 2 * terms)) / mean)
    return _finish("ti", checked, value, unit_se)
