"""Has an inequality gap widened or narrowed? A trend test for a measure over periods.

Given one estimate per period (an SII, say) with its standard error, fit the inverse-variance
weighted least-squares line ``y_t = α + β·t`` with weights ``w_t = 1/se_t²``:

.. math::

    β = \\frac{\\sum w (t - \\bar t)(y - \\bar y)}{S_{tt}}, \\qquad
    S_{tt} = \\sum w (t - \\bar t)^2, \\qquad \\operatorname{Var}(β) = φ / S_{tt}

with weighted means ``t̄``, ``ȳ``. With ``dispersion="fixed"`` the SEs are taken as known
(``φ = 1``, normal reference distribution: a fixed-effect meta-regression). With
``dispersion="estimated"`` (the default) ``φ = max(1, Σ w e² / (n − 2))`` and the reference is
Student's t with ``n − 2`` degrees of freedom, so periods that scatter more than their SEs allow
do not give false certainty; with two periods it falls back to ``"fixed"``.

The verdict compares the slope's direction with the side of ``null`` (0 for an SII, 1 for a
ratio such as the RII) on which the fitted value at the latest period lies: moving away from
``null`` is "widened", towards it "narrowed", each "significantly" when ``p < 1 − conf_level``.

References
----------
Borenstein M et al (2009). Introduction to meta-analysis, ch. 20 (meta-regression). Wiley.
Thompson SG, Sharp SJ (1999). Explaining heterogeneity in meta-analysis: a comparison of
    methods. Stat Med 18:2693-2708.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from equityhub.stats._checks import as_float_array, confidence_levels, same_length
from equityhub.stats.results import IntervalResult

FloatArray = npt.NDArray[np.float64]
Dispersion = Literal["estimated", "fixed"]
WIDENED, NARROWED, NO_CHANGE = (
    "widened significantly",
    "narrowed significantly",
    ("no significant change"),
)

__all__ = ["NARROWED", "NO_CHANGE", "WIDENED", "TrendResult", "inequality_trend"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class TrendResult(IntervalResult):
    """Slope per unit of time (``value``) with its limits, p-value and a verdict.

    Attributes
    ----------
    se : float
        Standard error of the slope.
    p_value : float
        Two-sided p-value for "no trend".
    verdict : str
        ``"widened significantly"``, ``"narrowed significantly"`` or ``"no significant change"``.
    sentence : str
        One plain-English sentence for a board paper.
    intercept : float
        Fitted value at time 0.
    dispersion : float
        φ used (1 when fixed).
    n_periods : int
    """

    se: float = float("nan")
    p_value: float = float("nan")
    verdict: str = NO_CHANGE
    sentence: str = ""
    intercept: float = float("nan")
    dispersion: float = 1.0
    n_periods: int = 0


def _inputs(period: npt.ArrayLike, estimate: npt.ArrayLike, se: npt.ArrayLike) -> tuple[Any, ...]:
    t = as_float_array(period, "period")
    y = as_float_array(estimate, "estimate")
    s = as_float_array(se, "se")
    same_length(period=t, estimate=y, se=s)
    for name, values in (("period", t), ("estimate", y), ("se", s)):
        if not np.isfinite(values).all():
            raise ValueError(f"{name}: missing or infinite value at position "
                             f"{int(np.argmax(~np.isfinite(values)))}")  # fmt: skip
    if (s <= 0).any():
        raise ValueError(f"se: must be above 0 (found {s[s <= 0][0]:g})")
    if len(np.unique(t)) < 2:
        raise ValueError("period: need at least two different periods")
    return t, y, s


def inequality_trend(
    period: npt.ArrayLike,
    estimate: npt.ArrayLike,
    se: npt.ArrayLike,
    *,
    conf_level: float = 0.95,
    null: float = 0.0,
    dispersion: Dispersion = "estimated",
    measure: str = "SII",
    unit: str = "year",
) -> TrendResult:
    """Inverse-variance weighted trend of an inequality measure over periods.

    Parameters
    ----------
    period : array_like
        Time of each estimate as numbers (e.g. 2019, 2020, ... or 2019.25).
    estimate, se : array_like
        The measure per period and its standard error (> 0).
    conf_level : float
        Confidence level of the slope's limits; significance is ``p < 1 − conf_level``.
    null : float
        Value meaning "no inequality" (0 for differences and SII, 1 for ratios and RII).
    dispersion : {"estimated", "fixed"}
        Scale the variance by the residual scatter (at least 1), or trust the SEs as known.
    measure, unit : str
        Words for the sentence.

    Returns
    -------
    TrendResult
    """
    if dispersion not in ("estimated", "fixed"):
        raise ValueError(f"dispersion: {dispersion!r} is not 'estimated' or 'fixed'")
    level = confidence_levels(conf_level)[0]
    t, y, s = _inputs(period, estimate, se)
    w = 1 / s**2
    t_bar, y_bar = np.sum(w * t) / w.sum(), np.sum(w * y) / w.sum()
    s_tt = float(np.sum(w * (t - t_bar) ** 2))
    slope = float(np.sum(w * (t - t_bar) * (y - y_bar)) / s_tt)
    intercept = float(y_bar - slope * t_bar)
    n = len(t)
    phi, reference = 1.0, cast(Any, sps.norm)
    if dispersion == "estimated" and n > 2:
        residual = y - intercept - slope * t
        phi = max(1.0, float(np.sum(w * residual**2) / (n - 2)))
        reference = sps.t(df=n - 2)
    slope_se = float(np.sqrt(phi / s_tt))
    p_value = float(2 * reference.sf(abs(slope) / slope_se))
    margin = float(reference.ppf(level + (1 - level) / 2)) * slope_se
    latest = intercept + slope * float(t.max())
    verdict = _verdict(slope, latest, null, p_value, level)
    return TrendResult(
        value=cast(Any, slope),
        lower={level: cast(Any, slope - margin)},
        upper={level: cast(Any, slope + margin)},
        confidence=(level,),
        se=slope_se,
        p_value=p_value,
        verdict=verdict,
        sentence=_sentence(verdict, measure, unit, slope, margin, level, p_value),
        intercept=intercept,
        dispersion=phi,
        n_periods=n,
    )


def _verdict(slope: float, centre: float, null: float, p_value: float, level: float) -> str:
    if p_value >= 1 - level or slope == 0:
        return NO_CHANGE
    side = np.sign(centre - null)
    if side == 0:
        return NO_CHANGE
    return WIDENED if np.sign(slope) == side else NARROWED


def _sentence(
    verdict: str, measure: str, unit: str, slope: float, margin: float, level: float, p: float
) -> str:
    change = f"{slope:+.3g} a {unit}"
    interval = f"{level * 100:g}% CI {slope - margin:.3g} to {slope + margin:.3g}"
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.2g}"
    if verdict == NO_CHANGE:
        return (f"There has been no significant change in the gap: the {measure} changed by "
                f"{change} ({interval}; {p_text}).")  # fmt: skip
    word = "widened" if verdict == WIDENED else "narrowed"
    return (f"The gap has {word} significantly: the {measure} changed by {change} "
            f"({interval}; {p_text}).")  # fmt: skip
