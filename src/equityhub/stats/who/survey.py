"""ACI, RCI, SII and RII from individual-level survey data (a complex sample design).

Each record has an outcome ``y_j`` (0/1 or a value on the indicator's scale), its subgroup order
(1 = least advantaged), a sampling weight ``w_j`` and optionally its primary sampling unit (PSU),
stratum and finite population correction. As in healthequal 1.0.1, the population is the weight:
records are ranked ``r_j = (C_{k−1} + ½W_k)/ΣW`` for the block k of records sharing an order
(``W_k`` its total weight, ``C`` the cumulative total), and the models are fitted as R's
``survey::svyglm`` fits them on ``svydesign(ids = psu or ~1, strata, weights, fpc)``.

- **ACI**: weighted least squares of ``2σ_r²·y`` on ``(1, r)``, ``σ_r² = Σ w (r − ½)²/Σw``;
  ACI is the slope (``= 2 Σ w (y − μ)(r − ½)/Σw``). **RCI** = ACI/μ, a fraction.
- **SII/RII**: a quasi-binomial logit model of ``y/S`` on ``(1, r)`` with weights w (or, with
  ``linear=True``, weighted least squares), S the scale band of the outcome (1 for 0/1 data).
  ``SII = (μ(1) − μ(0))·S``, ``RII = μ(1)/μ(0)``; the SEs come from the delta method on the
  response scale (SII) and the log scale (RII), as emmeans' ``regrid`` gives them.

The covariance of the coefficients is the design-based sandwich (Taylor linearisation; Binder
1983): ``V = A⁻¹ B A⁻¹`` with ``A = Σ w_j W_j x_j x_jᵀ`` (``W_j`` the working weight) and
``B = Σ_h f_h n_h/(n_h − 1) Σ_i (z_hi − z̄_h)(z_hi − z̄_h)ᵀ``, where ``z_hi`` is the total of the
weighted estimating functions ``w_j x_j (y_j − μ_j)`` over PSU i of stratum h, ``n_h`` the number
of PSUs in stratum h and ``f_h = 1 − n_h/N_h`` the finite population correction. A stratum with
a single PSU (``survey.lonely.psu = "adjust"``) contributes its PSU total's deviation from the
mean of all PSU totals. Limits are estimate ± z·SE (normal quantile, as healthequal).

Records with a missing outcome are dropped only with ``force=True`` (as healthequal, which then
builds the design from the remaining records rather than treating them as a domain).

References
----------
Binder DA (1983). On the variances of asymptotically normal estimators from complex surveys.
    Int Stat Rev 51:279-292.
Lumley T (2010). Complex Surveys: A Guide to Analysis Using R. Wiley, chapters 2 and 5.
WHO (2024). healthequal: Health Equity Assessment Toolkit measures, version 1.0.1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import special

from equityhub.stats._checks import as_float_array, confidence_levels, z_value
from equityhub.stats.who._common import WHOResult
from equityhub.stats.who.regression import ranks, scale_band

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
__all__ = ["SURVEY_MEASURES", "SurveyDesign", "make_design", "survey_measures"]

#: The measures defined for individual-level survey data.
SURVEY_MEASURES: tuple[str, ...] = ("aci", "rci", "sii", "rii")


@dataclasses.dataclass(frozen=True)
class SurveyDesign:
    """A stratified cluster design: weights, PSU and stratum codes, finite population factors.

    ``psu`` numbers the (stratum, PSU) pairs 0..m−1, ``stratum`` gives each PSU's stratum and
    ``fpc_factor`` each PSU's ``f_h = 1 − n_h/N_h`` (1 without a correction).
    """

    weight: FloatArray
    psu: IntArray
    stratum: IntArray
    fpc_factor: FloatArray

    def covariance(self, scores: FloatArray, bread: FloatArray) -> FloatArray:
        """Sandwich ``A⁻¹ B A⁻¹`` for weighted estimating functions ``scores`` (n × p)."""
        totals = np.zeros((len(self.stratum), scores.shape[1]))
        np.add.at(totals, self.psu, scores)
        count = np.bincount(self.stratum)
        means = np.zeros((len(count), scores.shape[1]))
        np.add.at(means, self.stratum, totals)
        means /= count[:, None]
        per_psu = count[self.stratum]
        lonely = per_psu == 1
        deviation = totals - means[self.stratum]
        deviation[lonely] = totals[lonely] - totals.mean(axis=0)
        factor = self.fpc_factor * np.where(lonely, 1.0, per_psu / np.maximum(per_psu - 1, 1))
        meat = (deviation * factor[:, None]).T @ deviation
        return cast(FloatArray, bread @ meat @ bread)


def _codes(values: npt.ArrayLike, name: str, n: int) -> IntArray:
    array = np.asarray(values)
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"{name}: expected {n} values (one per record), got shape {array.shape}")
    if pd.isna(array).any():
        raise ValueError(f"{name}: missing at position {int(np.argmax(pd.isna(array)))}")
    return cast(IntArray, pd.factorize(array)[0].astype(np.intp))


def make_design(
    weight: npt.ArrayLike,
    *,
    psu: npt.ArrayLike | None = None,
    strata: npt.ArrayLike | None = None,
    fpc: npt.ArrayLike | None = None,
) -> SurveyDesign:
    """Check and encode a design as ``svydesign(ids = psu or ~1, strata, weights, fpc)``.

    ``fpc`` is per record: the number of PSUs in the stratum's population, or (all values ≤ 1)
    the sampling fraction. Without ``psu`` every record is its own PSU.
    """
    w = as_float_array(weight, "weight")
    n = len(w)
    if np.isnan(w).any():
        raise ValueError(f"weight: missing at position {int(np.argmax(np.isnan(w)))}")
    if (w < 0).any():
        raise ValueError(f"weight: negative weight at position {int(np.argmax(w < 0))}")
    if not (w > 0).any():
        raise ValueError("weight: all weights are zero")
    cluster = np.arange(n) if psu is None else _codes(psu, "psu", n)
    stratum = np.zeros(n, dtype=np.intp) if strata is None else _codes(strata, "strata", n)
    pair, first = np.unique(np.column_stack([stratum, cluster]), axis=0, return_inverse=True)[:2]
    psu_of_record = np.asarray(first, dtype=np.intp).reshape(-1)
    psu_stratum = pair[:, 0].astype(np.intp)
    n_h = np.bincount(psu_stratum)[psu_stratum].astype(float)
    factor = np.ones(len(pair))
    if fpc is not None:
        population = as_float_array(fpc, "fpc")
        if len(population) != n or np.isnan(population).any() or (population <= 0).any():
            raise ValueError("fpc: give a positive value for every record")
        per_psu = np.zeros(len(pair))
        per_psu[psu_of_record] = population
        if (population <= 1).all():
            factor = 1 - per_psu
        else:
            if (per_psu < n_h).any():
                raise ValueError("fpc: a stratum has more sampled PSUs than its population")
            factor = (per_psu - n_h) / per_psu
    return SurveyDesign(weight=w, psu=psu_of_record, stratum=psu_stratum, fpc_factor=factor)


def _wls(x: FloatArray, y: FloatArray, design: SurveyDesign) -> tuple[FloatArray, FloatArray]:
    """Weighted least squares (svyglm Gaussian): coefficients and design-based covariance."""
    w = design.weight
    bread = np.linalg.inv(x.T @ (w[:, None] * x))
    coef = bread @ x.T @ (w * y)
    return coef, design.covariance(x * (w * (y - x @ coef))[:, None], bread)


def _logit(x: FloatArray, y: FloatArray, design: SurveyDesign) -> tuple[FloatArray, FloatArray]:
    """Weighted logistic fit (svyglm quasi-binomial) by Newton-Raphson; sandwich covariance."""
    w = design.weight
    coef = np.array([special.logit(np.sum(w * y) / np.sum(w)), 0.0])
    for _ in range(100):
        mu = special.expit(x @ coef)
        info = x.T @ ((w * mu * (1 - mu))[:, None] * x)
        step = np.linalg.solve(info, x.T @ (w * (y - mu)))
        coef = coef + step
        if np.max(np.abs(step)) <= 1e-13 * (1 + np.max(np.abs(coef))):
            break
    else:
        raise np.linalg.LinAlgError("the logistic fit did not converge")
    mu = special.expit(x @ coef)
    bread = np.linalg.inv(x.T @ ((w * mu * (1 - mu))[:, None] * x))
    return coef, design.covariance(x * (w * (y - mu))[:, None], bread)


def _result(measure: str, level: float, value: float, se: float, lower: float, upper: float,
            note: str = "", healthequal: dict[str, float] | None = None) -> WHOResult:  # fmt: skip
    return WHOResult(
        value=cast(Any, float(value)),
        lower={level: cast(Any, float(lower))},
        upper={level: cast(Any, float(upper))},
        confidence=(level,),
        measure=measure,
        se=float(se),
        note=note,
        healthequal=healthequal or {},
    )


def _missing(measure: str, level: float, note: str) -> WHOResult:
    nan = float("nan")
    return _result(measure, level, nan, nan, nan, nan, note=note)


def _concentration(measures: list[str], y: FloatArray, x: FloatArray, design: SurveyDesign,
                   level: float) -> dict[str, WHOResult]:  # fmt: skip
    """ACI and RCI: slope of ``2σ_r²·y`` on the rank, and that slope over the mean."""
    z = z_value(level)
    w = design.weight / design.weight.sum()
    mean = float(np.sum(w * y))
    spread = float(np.sum(w * (x[:, 1] - 0.5) ** 2))
    coef, cov = _wls(x, 2 * spread * y, design)
    value, se = float(coef[1]), float(np.sqrt(cov[1, 1]))
    out = {"aci": _result("aci", level, value, se, value - z * se, value + z * se)}
    if mean == 0:
        out["rci"] = _missing("rci", level, "the mean is 0, so the relative index is undefined")
    else:
        rel, rel_se = value / mean, se / abs(mean)
        out["rci"] = _result("rci", level, rel, rel_se, rel - z * rel_se, rel + z * rel_se)
    return {name: out[name] for name in measures}


def _slope(measures: list[str], y: FloatArray, x: FloatArray, design: SurveyDesign, level: float,
           scale: float, linear: bool) -> dict[str, WHOResult]:  # fmt: skip
    """SII and RII from the fitted values at rank 0 and 1 (delta method)."""
    z = z_value(level)
    p = y / scale
    if np.ptp(p) == 0:
        return {name: _missing(name, level, "all outcomes are equal") for name in measures}
    if not linear and ((p < 0).any() or (p > 1).any()):
        note = "outcomes cannot be read as proportions of the scale"
        return {name: _missing(name, level, note) for name in measures}
    try:
        coef, cov = _wls(x, p, design) if linear else _logit(x, p, design)
    except np.linalg.LinAlgError:
        note = "the model cannot be fitted (the outcome separates the subgroups)"
        return {name: _missing(name, level, note) for name in measures}
    if linear:
        mu0, mu1 = float(coef[0]), float(coef[0] + coef[1])
        gradient = np.array([0.0, 1.0])
        log_gradient = np.array([1 / mu1 - 1 / mu0, 1 / mu1]) if mu0 > 0 and mu1 > 0 else None
    else:
        mu0, mu1 = float(special.expit(coef[0])), float(special.expit(coef[0] + coef[1]))
        gradient = np.array([mu1 * (1 - mu1) - mu0 * (1 - mu0), mu1 * (1 - mu1)])
        log_gradient = np.array([mu0 - mu1, 1 - mu1])
    out: dict[str, WHOResult] = {}
    diff, se = mu1 - mu0, float(np.sqrt(gradient @ cov @ gradient))
    out["sii"] = _result("sii", level, diff * scale, se * scale, (diff - z * se) * scale,
                         (diff + z * se) * scale, healthequal={"se": se})  # fmt: skip
    if log_gradient is None:
        out["rii"] = _missing("rii", level, "a fitted end of the gradient is not above 0")
    else:
        log_se = float(np.sqrt(log_gradient @ cov @ log_gradient))
        log_ratio = np.log(mu1 / mu0)
        out["rii"] = _result("rii", level, mu1 / mu0, log_se, np.exp(log_ratio - z * log_se),
                             np.exp(log_ratio + z * log_se))  # fmt: skip
    return {name: out[name] for name in measures}


def _names(measure: str | Sequence[str]) -> list[str]:
    names = [measure] if isinstance(measure, str) else list(measure)
    names = [name.lower() for name in names]
    if names == ["all"]:
        return list(SURVEY_MEASURES)
    for name in names:
        if name not in SURVEY_MEASURES:
            raise ValueError(f"measure: {name!r} is not one of {', '.join(SURVEY_MEASURES)}")
    return names


def survey_measures(
    outcome: npt.ArrayLike,
    *,
    subgroup_order: npt.ArrayLike,
    weight: npt.ArrayLike,
    psu: npt.ArrayLike | None = None,
    strata: npt.ArrayLike | None = None,
    fpc: npt.ArrayLike | None = None,
    measure: str | Sequence[str] = "all",
    favourable: bool = True,
    scale: float | None = None,
    conf_level: float = 0.95,
    linear: bool = False,
    force: bool = False,
) -> WHOResult | dict[str, WHOResult]:
    """ACI, RCI, SII and RII of an ordered dimension from individual survey records.

    Parameters
    ----------
    outcome : array_like
        One value per record (0/1 for a binary indicator); NaN where the record is not
        eligible (dropped only with ``force=True``, as healthequal).
    subgroup_order : array_like
        Each record's subgroup order, 1 = least advantaged (e.g. wealth quintile 1..5).
    weight : array_like
        Sampling weights (non-negative); they are also the populations used for the ranks.
    psu, strata : array_like, optional
        Primary sampling unit and stratum of each record (any labels). Without ``psu`` each
        record is its own PSU; without ``strata`` there is one stratum.
    fpc : array_like, optional
        Finite population correction per record: the stratum's population of PSUs, or the
        sampling fraction when every value is ≤ 1.
    measure : str or sequence of str
        ``"aci"``, ``"rci"``, ``"sii"``, ``"rii"``, a list of them, or ``"all"``.
    favourable : bool
        True when higher is better. It does not change the values (a positive index means the
        outcome is concentrated among the advantaged); it is checked for symmetry with
        :func:`~equityhub.stats.who.summary_measures`.
    scale : float, optional
        Scale S of the outcome for SII/RII; by default healthequal's band (1 for values ≤ 1,
        100 for values ≤ 100, 1000, ... 10⁶).
    conf_level : float
        Confidence level (0.9–1 or 90–100); limits are estimate ± z·SE (normal quantile).
    linear : bool
        Linear rather than logistic SII/RII.
    force : bool
        Drop records with a missing outcome instead of refusing.

    Returns
    -------
    WHOResult or dict of str to WHOResult
        One result for a single measure name, else a dict in (aci, rci, sii, rii) order.
        ``se`` is on the estimate's scale for ACI, RCI and SII (healthequal reports the SII's
        SE on the ``y/S`` scale; that value is in ``result.healthequal["se"]``) and is the SE
        of ``ln RII`` for RII.

    Notes
    -----
    ``ACI = 2 Σ w_j (y_j − μ)(r_j − ½)/Σw``; ``SII = (μ(1) − μ(0))·S`` and ``RII = μ(1)/μ(0)``
    from the fitted model; ``V = A⁻¹ B A⁻¹`` with B the between-PSU variance of the
    estimating-function totals within strata, scaled by ``n_h/(n_h − 1)`` (module docstring).

    References
    ----------
    Lumley T (2010). Complex Surveys: A Guide to Analysis Using R. Wiley.
    Binder DA (1983). Int Stat Rev 51:279-292.
    """
    y = as_float_array(outcome, "outcome")
    order = as_float_array(subgroup_order, "subgroup_order")
    design = make_design(weight, psu=psu, strata=strata, fpc=fpc)
    if not (len(y) == len(order) == len(design.weight)):
        raise ValueError(f"outcome, subgroup_order and weight must have the same length "
                         f"(outcome={len(y)}, subgroup_order={len(order)}, "
                         f"weight={len(design.weight)})")  # fmt: skip
    if np.isnan(order).any():
        raise ValueError(f"subgroup_order: missing at position {int(np.argmax(np.isnan(order)))}")
    if not isinstance(favourable, (bool, np.bool_)) and favourable not in (0, 1):
        raise ValueError(f"favourable: {favourable!r} should be True (higher is better) or False")
    if scale is not None and not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale: {scale!r} should be a positive number such as 1 or 100")
    level = confidence_levels(conf_level)[0]
    names = _names(measure)
    single = isinstance(measure, str) and measure.lower() != "all"
    note = _refusal(y, order, force)
    if note:
        results = {name: _missing(name, level, note) for name in names}
    else:
        keep = ~np.isnan(y)
        if not keep.all():  # a new design from the kept records, as healthequal builds it
            y, order = y[keep], order[keep]
            design = make_design(np.asarray(weight)[keep], psu=_kept(psu, keep),
                                 strata=_kept(strata, keep), fpc=_kept(fpc, keep))  # fmt: skip
        x = np.column_stack([np.ones(len(y)), ranks(order, design.weight)])
        results = {}
        concentration = [name for name in names if name in ("aci", "rci")]
        slope = [name for name in names if name in ("sii", "rii")]
        if concentration:
            results.update(_concentration(concentration, y, x, design, level))
        if slope:
            band = scale_band(y) if scale is None else float(scale)
            results.update(_slope(slope, y, x, design, level, band, linear))
        results = {name: results[name] for name in names}
    return results[names[0]] if single else results


def _kept(values: npt.ArrayLike | None, keep: npt.NDArray[np.bool_]) -> npt.ArrayLike | None:
    return None if values is None else np.asarray(values)[keep]


def _refusal(y: FloatArray, order: FloatArray, force: bool) -> str:
    """Why the measures cannot be computed, or an empty string."""
    missing = np.isnan(y)
    if missing.any() and not force:
        return "an outcome is missing (pass force=True to drop those records)"
    kept_y, kept_order = y[~missing], order[~missing]
    if len(np.unique(kept_order)) < 2:
        return "needs at least 2 subgroups"
    if kept_y.size == 0:
        return "no record has an outcome"
    return ""
