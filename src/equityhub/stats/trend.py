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
from collections.abc import Sequence
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from equityhub.stats._checks import (
    Locator,
    as_float_array,
    at_position,
    confidence_levels,
    refuse_where,
    same_length,
)
from equityhub.stats.frame import DataFrameT, group_rows, numeric_column
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, check_shape, limit_names

FloatArray = npt.NDArray[np.float64]
Dispersion = Literal["estimated", "fixed"]
WIDENED, NARROWED, NO_CHANGE = (
    "widened significantly",
    "narrowed significantly",
    ("no significant change"),
)

TOO_FEW = "too few periods"

__all__ = [
    "NARROWED",
    "NO_CHANGE",
    "TOO_FEW",
    "WIDENED",
    "TrendResult",
    "inequality_trend",
    "inequality_trend_grouped",
]


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


def _inputs(
    period: npt.ArrayLike, estimate: npt.ArrayLike, se: npt.ArrayLike, where: Locator = at_position
) -> tuple[FloatArray, FloatArray, FloatArray]:
    t = as_float_array(period, "period")
    y = as_float_array(estimate, "estimate")
    s = as_float_array(se, "se")
    same_length(period=t, estimate=y, se=s)
    for name, values in (("period", t), ("estimate", y), ("se", s)):
        refuse_where(~np.isfinite(values), field=name, problem="missing or infinite value",
                     values=values, where=where)  # fmt: skip
    refuse_where(~(s > 0), field="se", problem="must be above 0", values=s, where=where)
    return t, y, s


@dataclasses.dataclass(frozen=True)
class _Fit:
    """Per-group fit (arrays of length n_groups)."""

    slope: FloatArray
    se: FloatArray
    intercept: FloatArray
    p_value: FloatArray
    margin: FloatArray
    dispersion: FloatArray
    latest: FloatArray
    n_periods: FloatArray


def _fit(t: FloatArray, y: FloatArray, s: FloatArray, codes: npt.NDArray[np.intp], n_groups: int,
         *, level: float, dispersion: str) -> _Fit:  # fmt: skip
    """Weighted least squares of y on t within every group, with bincount sums."""

    def total(values: FloatArray) -> FloatArray:
        return np.bincount(codes, weights=values, minlength=n_groups)

    w = 1 / s**2
    t_bar, y_bar = total(w * t) / total(w), total(w * y) / total(w)
    dt = t - t_bar[codes]
    s_tt = total(w * dt**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = total(w * dt * (y - y_bar[codes])) / s_tt
    intercept = y_bar - slope * t_bar
    n = np.bincount(codes, minlength=n_groups).astype(float)
    residual = y - intercept[codes] - slope[codes] * t
    estimated = (n > 2) if dispersion == "estimated" else np.zeros(n_groups, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(estimated, np.maximum(1.0, total(w * residual**2) / (n - 2)), 1.0)
        slope_se = np.sqrt(phi / s_tt)
        df = np.where(estimated, n - 2, np.inf)
        p_value = 2 * sps.t.sf(np.abs(slope) / slope_se, df)
    margin = sps.t.ppf(level + (1 - level) / 2, df) * slope_se
    latest = intercept + slope * np.maximum.reduceat(t[np.argsort(codes, kind="stable")],
                                                     _starts(codes, n_groups))  # fmt: skip
    return _Fit(slope, slope_se, intercept, p_value, margin, phi, latest, n)


def _starts(codes: npt.NDArray[np.intp], n_groups: int) -> npt.NDArray[np.intp]:
    counts = np.bincount(codes, minlength=n_groups)
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.intp)


def _check_options(dispersion: str, conf_level: float) -> float:
    if dispersion not in ("estimated", "fixed"):
        raise ValueError(f"dispersion: {dispersion!r} is not 'estimated' or 'fixed'")
    return confidence_levels(conf_level)[0]


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
    level = _check_options(dispersion, conf_level)
    t, y, s = _inputs(period, estimate, se)
    if len(np.unique(t)) < 2:
        raise ValueError("period: need at least two different periods")
    fit = _fit(t, y, s, np.zeros(len(t), dtype=np.intp), 1, level=level, dispersion=dispersion)
    slope, margin, p_value = float(fit.slope[0]), float(fit.margin[0]), float(fit.p_value[0])
    verdict = _verdict(slope, float(fit.latest[0]), null, p_value, level)
    return TrendResult(
        value=cast(Any, slope),
        lower={level: cast(Any, slope - margin)},
        upper={level: cast(Any, slope + margin)},
        confidence=(level,),
        se=float(fit.se[0]),
        p_value=p_value,
        verdict=verdict,
        sentence=_sentence(verdict, measure, unit, slope, margin, level, p_value),
        intercept=float(fit.intercept[0]),
        dispersion=float(fit.dispersion[0]),
        n_periods=len(t),
    )


def inequality_trend_grouped(
    data: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    period: str,
    estimate: str,
    se: str,
    conf_level: float = 0.95,
    null: float = 0.0,
    dispersion: Dispersion = "estimated",
    measure: str = "SII",
    unit: str = "year",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """:func:`inequality_trend` for every group of a pandas or polars DataFrame (vectorised).

    Returns one row per group: the ``by`` columns, ``slope``, its limits (``lower_95``,
    ``upper_95``, or ``lowercl``/``uppercl`` with ``names="phe"``), ``se``, ``p_value``,
    ``verdict``, ``sentence``, ``n_periods``. A group with fewer than two distinct periods gets
    NaN and the verdict "too few periods".
    """
    level = _check_options(dispersion, conf_level)
    check_shape("full", names)
    [(_, lower_name, upper_name)] = limit_names((level,), names)
    groups = group_rows(data, by)
    t, y, s = _inputs(
        numeric_column(data, period, field="period"),
        numeric_column(data, estimate, field="estimate"),
        numeric_column(data, se, field="se"),
        where=groups.describe_row,
    )
    fit = _fit(t, y, s, groups.codes, groups.n_groups, level=level, dispersion=dispersion)
    enough = np.isfinite(fit.slope) & (fit.n_periods >= 2)
    verdicts = [
        _verdict(sl, la, null, p, level) if ok else TOO_FEW
        for sl, la, p, ok in zip(fit.slope, fit.latest, fit.p_value, enough, strict=True)
    ]
    sentences = [
        _sentence(v, measure, unit, sl, mg, level, p) if ok else ""
        for v, sl, mg, p, ok in zip(verdicts, fit.slope, fit.margin, fit.p_value, enough,
                                    strict=True)
    ]  # fmt: skip

    def shown(values: FloatArray) -> FloatArray:
        return np.where(enough, values, np.nan)

    return groups.to_frame({
        "slope": shown(fit.slope), lower_name: shown(fit.slope - fit.margin),
        upper_name: shown(fit.slope + fit.margin), "se": shown(fit.se),
        "p_value": shown(fit.p_value), "verdict": np.array(verdicts, dtype=object),
        "sentence": np.array(sentences, dtype=object), "n_periods": fit.n_periods.astype(int),
    })  # fmt: skip


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
