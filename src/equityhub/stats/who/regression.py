"""Ordered-dimension measures: absolute and relative concentration index (ACI, RCI), slope and
relative index of inequality (SII, RII), for subgroup (disaggregated) data.

Subgroups are sorted by order (1 = least advantaged) and given the relative rank
``r_i = (C_{i−1} + P_i/2)/ΣP`` (C the cumulative population).

- ``ACI = 2 Σ w_i (y_i − μ)(r_i − ½)``; its SE is the weighted least-squares SE of the slope of
  ``2σ_r²·y`` on ``r`` (weights P, residual variance ``ΣP e²/(n − 2)``), ``σ_r² = Σ w (r − ½)²``.
  ``RCI = ACI/μ`` (a fraction), ``SE = SE_ACI/μ``.
- SII/RII (healthequal's default, logistic): with S the scale band of the estimates (1, 100,
  1000, ..., 10⁶), ``P* = ⌈P⌉`` and counts ``k = round(y/S·P*)``, fit a quasi-binomial logit
  model of ``k/P*`` on ``(1, r)`` with prior weights ``P*²`` (as R's glm weights a two-column
  response); ``μ(0)``, ``μ(1)`` are the fitted values at rank 0 and 1.
  ``SII = (μ(1) − μ(0))·S``, ``RII = μ(1)/μ(0)``. The covariance is the HC1 sandwich
  ``n/(n−2)·B⁻¹(Σ u uᵀ)B⁻¹`` with ``B = Σ P*² μ(1−μ) x xᵀ`` and ``u = x P*² (p − μ)``; SEs by
  the delta method. With ``linear=True`` the model is weighted least squares of ``y/S`` on
  ``(1, r)`` with weights ``P*``.

Deliberate difference from healthequal 1.0.1: it reports the SII's SE on the ``y/S`` scale while
the SII is on the indicator's scale; here ``se`` is multiplied by S (limits are unchanged).

References
----------
Wagstaff A, Paci P, van Doorslaer E (1991). On the measurement of inequalities in health.
    Soc Sci Med 33:545-557.
O'Donnell O et al (2008). Analyzing health equity using household survey data. World Bank.
Wagstaff A (2005). The bounds of the concentration index when the variable of interest is binary.
    Health Econ 14:429-432.
Erreygers G (2009). Correcting the concentration index. J Health Econ 28:504-515.
WHO (2024). healthequal: Health Equity Assessment Toolkit measures, version 1.0.1.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import special

from equityhub.stats.who._common import (
    Subgroups,
    WHOResult,
    normal_limits,
    not_applicable,
    result,
    without_missing,
)

FloatArray = npt.NDArray[np.float64]
__all__ = ["aci", "rci", "rii", "sii"]
BANDS = (1.0, 100.0, 1000.0, 1e4, 1e5)


def _ordered(measure: str, sub: Subgroups) -> Subgroups | WHOResult:
    """Checks shared by the four measures; the subgroups sorted by order."""
    if sub.order is None:
        return not_applicable(measure, sub, "needs an ordered dimension (subgroup order)")
    checked = without_missing(sub, ordered_measure=True)
    if isinstance(checked, str):
        return not_applicable(measure, sub, checked)
    if checked.n <= 2:
        return not_applicable(measure, sub, "needs more than 2 subgroups")
    order = checked.order
    if order is None:
        raise ValueError("order: missing")
    steps = np.diff(np.unique(order))
    if checked.population is not None and (np.any(steps != 1) or np.any(order % 1 != 0)):
        return not_applicable(measure, sub, "subgroup order must be consecutive integers")
    return checked.subset(np.argsort(order, kind="stable"))


def ranks(order: FloatArray, population: FloatArray) -> FloatArray:
    """Relative rank: midpoint of each order block's cumulative population share."""
    levels, block = np.unique(order, return_inverse=True)
    block_pop = np.bincount(block, weights=population, minlength=len(levels))
    cumulative = np.cumsum(block_pop)
    midpoint = (cumulative - block_pop / 2) / population.sum()
    return midpoint[block]


def _population(sub: Subgroups) -> FloatArray:
    return np.ones(sub.n) if sub.population is None else sub.population


def _aci_parts(sub: Subgroups) -> tuple[float, float, float]:
    """``(ACI, SE, μ)``."""
    pop = _population(sub)
    if sub.order is None:
        raise ValueError("order: missing")
    rank = ranks(sub.order, pop)
    w = pop / pop.sum()
    y = sub.estimate
    mean = float(np.sum(w * y))
    spread = float(np.sum(w * (rank - 0.5) ** 2))
    value = float(2 * np.sum(w * (y - mean) * (rank - 0.5)))
    design = np.column_stack([np.ones(sub.n), rank])
    gram_inv = np.linalg.inv(design.T @ (pop[:, None] * design))
    target = 2 * spread * y
    coef = gram_inv @ design.T @ (pop * target)
    residual = target - design @ coef
    dispersion = np.sum(pop * residual**2) / (sub.n - 2)
    return value, float(np.sqrt(dispersion * gram_inv[1, 1])), mean


Bounds = tuple[float, float] | None


def _bounded(sub: Subgroups, bounds: Bounds) -> Subgroups:
    """Estimates rescaled to ``(y − lmin)/(lmax − lmin)`` for a bounded indicator."""
    if bounds is None:
        return sub
    low, high = bounds
    return dataclasses.replace(sub, estimate=(sub.estimate - low) / (high - low))


def check_bounds(estimate: FloatArray, lmin: float | None, lmax: float | None,
                 method: str | None) -> Bounds:  # fmt: skip
    """Validate the bounded-indicator options of ACI and RCI (as healthequal refuses them)."""
    if method not in (None, "wagstaff", "erreygers"):
        raise ValueError(f"rci_method: {method!r} is not 'wagstaff' or 'erreygers'")
    if lmin is None and lmax is None:
        if method is not None:
            raise ValueError("rci_method: needs the indicator's bounds lmin and lmax")
        return None
    if lmin is None or lmax is None:
        raise ValueError("lmin, lmax: give both bounds or neither")
    if lmin >= lmax:
        raise ValueError(f"lmin: {lmin:g} must be below lmax {lmax:g}")
    if np.nanmin(estimate) < lmin:
        raise ValueError(f"lmin: an estimate ({np.nanmin(estimate):g}) is below lmin {lmin:g}")
    return float(lmin), float(lmax)


def aci(sub: Subgroups, *, bounds: Bounds = None) -> WHOResult:
    """Absolute concentration index (on the indicator's scale, or of the rescaled estimates
    ``(y − lmin)/(lmax − lmin)`` when ``bounds`` are given)."""
    checked = _ordered("aci", sub)
    if isinstance(checked, WHOResult):
        return checked
    value, se, _ = _aci_parts(_bounded(checked, bounds))
    lower, upper = normal_limits(value, se, checked.z)
    return result("aci", checked, value, se=se, lower=lower, upper=upper)


def rci(sub: Subgroups, *, bounds: Bounds = None, method: str | None = None) -> WHOResult:
    """Relative concentration index ``ACI/μ`` (a fraction, not ×100).

    For a bounded indicator (``bounds``), ``method="wagstaff"`` divides by ``1 − μ`` and
    ``method="erreygers"`` multiplies by ``4μ`` (giving ``4·ACI``), μ being the mean of the
    rescaled estimates (Wagstaff 2005; Erreygers 2009).
    """
    checked = _ordered("rci", sub)
    if isinstance(checked, WHOResult):
        return checked
    value, se, mean = _aci_parts(_bounded(checked, bounds))
    if mean == 0:
        return not_applicable("rci", checked, "the mean is 0, so the relative index is undefined")
    factor = 1 / mean
    if method == "wagstaff":
        if mean == 1:
            return not_applicable("rci", checked, "the mean is at the upper bound")
        factor /= 1 - mean
    elif method == "erreygers":
        factor *= 4 * mean
    value, se = value * factor, se * abs(factor)
    lower, upper = normal_limits(value, se, checked.z)
    return result("rci", checked, value, se=se, lower=lower, upper=upper)


def scale_band(estimate: FloatArray) -> float:
    """The largest band (1, 100, 1000, 10⁴, 10⁵, else 10⁶) holding every estimate."""
    bands = [next((b for b in BANDS if y <= b), 1e6) for y in estimate]
    return float(max(bands))


def _fit(sub: Subgroups, *, linear: bool) -> tuple[FloatArray, FloatArray, float] | str:
    """Coefficients, HC1 covariance and scale S, or a note."""
    if sub.population is None:
        return "needs subgroup populations"
    if np.max(sub.population) <= 1:
        return "populations look like shares; give counts (the model weights by population)"
    if np.ptp(sub.estimate) == 0:
        return "all estimates are equal"
    scale = scale_band(sub.estimate)
    pop = np.ceil(sub.population)
    counts = np.round(sub.estimate / scale * pop)
    if np.any(counts < 0) or np.any(counts > pop):
        return "estimates cannot be read as proportions of the population"
    if sub.order is None:
        return "needs an ordered dimension (subgroup order)"
    design = np.column_stack([np.ones(sub.n), ranks(sub.order, pop)])
    try:
        if linear:
            coef, cov = _linear(design, sub.estimate / scale, pop)
        else:
            coef, cov = _logistic(design, counts / pop, pop**2)
    except np.linalg.LinAlgError:
        return "the model cannot be fitted (estimates at 0 or 100% separate the subgroups)"
    if not (np.isfinite(coef).all() and np.isfinite(cov).all()):
        return "the model cannot be fitted (estimates at 0 or 100% separate the subgroups)"
    return coef, cov, scale


def _linear(design: FloatArray, y: FloatArray, weight: FloatArray) -> tuple[FloatArray, FloatArray]:
    bread = np.linalg.inv(design.T @ (weight[:, None] * design))
    coef = bread @ design.T @ (weight * y)
    scores = design * (weight * (y - design @ coef))[:, None]
    return coef, _hc1(bread, scores)


def _logistic(
    design: FloatArray, p: FloatArray, weight: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Maximum-likelihood logit fit by Newton-Raphson, with its HC1 covariance."""
    mean_p = np.sum(weight * p) / np.sum(weight)
    coef = np.array([special.logit(mean_p), 0.0])
    for _ in range(100):
        mu = special.expit(design @ coef)
        info = design.T @ ((weight * mu * (1 - mu))[:, None] * design)
        step = np.linalg.solve(info, design.T @ (weight * (p - mu)))
        coef = coef + step
        if np.max(np.abs(step)) <= 1e-14 * (1 + np.max(np.abs(coef))):
            break
    else:
        raise np.linalg.LinAlgError("the logistic fit did not converge")
    mu = special.expit(design @ coef)
    bread = np.linalg.inv(design.T @ ((weight * mu * (1 - mu))[:, None] * design))
    scores = design * (weight * (p - mu))[:, None]
    return coef, _hc1(bread, scores)


def _hc1(bread: FloatArray, scores: FloatArray) -> FloatArray:
    n = scores.shape[0]
    return n / (n - 2) * bread @ (scores.T @ scores) @ bread


def _ends(coef: FloatArray, linear: bool) -> tuple[float, float]:
    """Fitted values at rank 0 and rank 1."""
    if linear:
        return float(coef[0]), float(coef[0] + coef[1])
    return float(special.expit(coef[0])), float(special.expit(coef[0] + coef[1]))


def _delta_se(gradient: FloatArray, cov: FloatArray) -> float:
    return float(np.sqrt(gradient @ cov @ gradient))


def sii(sub: Subgroups, *, linear: bool = False) -> WHOResult:
    """Slope index of inequality on the indicator's scale (``se`` too, unlike healthequal)."""
    checked = _ordered("sii", sub)
    if isinstance(checked, WHOResult):
        return checked
    fitted = _fit(checked, linear=linear)
    if isinstance(fitted, str):
        return not_applicable("sii", checked, fitted)
    coef, cov, scale = fitted
    mu0, mu1 = _ends(coef, linear)
    if linear:
        gradient = np.array([0.0, 1.0])
    else:
        gradient = np.array([mu1 * (1 - mu1) - mu0 * (1 - mu0), mu1 * (1 - mu1)])
    se_fraction = _delta_se(gradient, cov)
    lower, upper = normal_limits(mu1 - mu0, se_fraction, checked.z)
    return result("sii", checked, (mu1 - mu0) * scale, se=se_fraction * scale,
                  lower=lower * scale, upper=upper * scale,
                  healthequal={"se": se_fraction})  # fmt: skip


def rii(sub: Subgroups, *, linear: bool = False) -> WHOResult:
    """Relative index of inequality ``μ(1)/μ(0)``; ``se`` is the SE of ``ln RII``."""
    checked = _ordered("rii", sub)
    if isinstance(checked, WHOResult):
        return checked
    fitted = _fit(checked, linear=linear)
    if isinstance(fitted, str):
        return not_applicable("rii", checked, fitted)
    coef, cov, _ = fitted
    mu0, mu1 = _ends(coef, linear)
    if mu0 <= 0 or mu1 <= 0:
        return not_applicable("rii", checked, "a fitted end of the gradient is not above 0")
    log_gradient = [1 / mu1 - 1 / mu0, 1 / mu1] if linear else [mu0 - mu1, 1 - mu1]
    gradient = np.array(log_gradient)
    se = _delta_se(gradient, cov)
    lower, upper = np.exp(normal_limits(np.log(mu1 / mu0), se, checked.z))
    return result("rii", checked, mu1 / mu0, se=se, lower=lower, upper=upper)
