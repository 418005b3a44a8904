"""Vectorised engine behind :mod:`equityhub.stats.sii`: many areas at once, no loop per draw.

Every area's weighted least-squares fit of ``y`` on the cumulative population midpoint ``b``
(weights ``a``) is a fixed linear map of ``y``::

    slope     = sum_j cs_j * y_j,  cs_j = a_j (b_j - b̄) / S_bb,  b̄ = sum a b,  S_bb = sum a (b - b̄)²
    intercept = sum_j ci_j * y_j,  ci_j = a_j - b̄ cs_j

so no Monte-Carlo repetition fits a regression. When the fit is linear in the draws (value
type 0, or ``transform``), ``(intercept, slope)`` of a repetition is exactly bivariate normal
(covariance ``Cᵀ diag(se²) C``): two normals per repetition give the distribution of k, and the
slope's order statistics follow from one shared sorted sample. Log or logit values without
``transform`` draw every quantile and sum weighted deviations, area by area. All areas share one
seeded stream of normals, so an area's limits depend only on its own data and the seed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt
from scipy import special

from equityhub.stats._sii_draws import (
    Limits,
    Options,
    full_draws,
    ratio,
    rii_linear,
    shared_normals,
)
from equityhub.stats._sii_parallel import order_index

FloatArray = npt.NDArray[np.float64]


def link(values: FloatArray, value_type: int) -> FloatArray:
    """g: identity (0), log (1) or logit (2)."""
    if value_type == 1:
        return np.log(values)
    if value_type == 2:
        return np.log(values / (1 - values))
    return values


def inverse_link(eta: FloatArray, value_type: int) -> FloatArray:
    """g⁻¹: identity (0), exp (1) or inverse logit (2)."""
    if value_type == 1:
        return np.exp(eta)
    if value_type == 2:
        return special.expit(eta)
    return eta


def inverse_link_slope(eta: FloatArray, value_type: int) -> FloatArray:
    """d g⁻¹ / d eta, for the delta method."""
    if value_type == 1:
        return np.exp(eta)
    if value_type == 2:
        p = special.expit(eta)
        return p * (1 - p)
    return np.ones_like(eta)


def regression_weights(population: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Linear maps ``(ci, cs)`` of shape (areas, k) giving intercept and slope from ``y``."""
    share = population / population.sum(axis=1, keepdims=True)
    midpoint = np.cumsum(share, axis=1) - share / 2
    centre = (share * midpoint).sum(axis=1, keepdims=True)
    spread = (share * (midpoint - centre) ** 2).sum(axis=1, keepdims=True)
    slope_w = share * (midpoint - centre) / spread
    return share - centre * slope_w, slope_w


@dataclasses.dataclass(frozen=True)
class Output:
    """Per-area estimates; limits are (areas, levels)."""

    sii: FloatArray
    rii: FloatArray
    intercept: FloatArray
    sii_se: FloatArray
    sii_lower: FloatArray
    sii_upper: FloatArray
    rii_lower: FloatArray
    rii_upper: FloatArray


def compute(value: FloatArray, se_g: FloatArray, population: FloatArray, opts: Options) -> Output:
    """SII, RII, intercept and limits for every area (rows of the (areas, k) inputs)."""
    ci, cs = regression_weights(population)
    eta = link(value, opts.value_type)
    fit_y = eta if opts.transform else value
    icept = (ci * fit_y).sum(axis=1)
    slope = (cs * fit_y).sum(axis=1)
    m, vt = opts.multiplier, opts.value_type
    if opts.transform:
        top, bottom = inverse_link(icept + slope, vt), inverse_link(icept, vt)
        sii, rii, intercept = (top - bottom) * m, ratio(top, bottom, m), bottom * abs(m)
    else:
        sii, rii, intercept = slope * m, ratio(icept + slope, icept, m), icept
    linear = opts.transform or opts.value_type == 0
    # Without transform, log/logit values are back-transformed: delta-method se of each value.
    se_y = se_g if linear else se_g * inverse_link_slope(eta, opts.value_type)
    cov = _coefficient_covariance(ci, cs, se_y)
    limits = _limits(value, se_g, ci, cs, (icept, slope), cov, opts)
    if not opts.want_rii:
        rii = np.full_like(sii, np.nan)
    return Output(sii, rii, intercept, _sii_se(icept, slope, cov, opts), *limits)


def _sii_se(
    icept: FloatArray, slope: FloatArray, cov: tuple[FloatArray, ...], opts: Options
) -> FloatArray:
    """Delta-method standard error of the SII (for trends; the limits do not use it)."""
    v_ii, v_is, v_ss = cov
    m = abs(opts.multiplier)
    if not opts.transform:
        return m * np.sqrt(v_ss)
    at_top = inverse_link_slope(icept + slope, opts.value_type)
    grad_i = at_top - inverse_link_slope(icept, opts.value_type)
    variance = grad_i**2 * v_ii + 2 * grad_i * at_top * v_is + at_top**2 * v_ss
    return m * np.sqrt(variance)


def _empty_limits(n_areas: int, n_levels: int) -> Limits:
    return tuple(np.full((n_areas, n_levels), np.nan) for _ in range(4))  # type: ignore[return-value]


def _limits(
    value: FloatArray,
    se_g: FloatArray,
    ci: FloatArray,
    cs: FloatArray,
    point: tuple[FloatArray, FloatArray],
    cov: tuple[FloatArray, FloatArray, FloatArray],
    opts: Options,
) -> Limits:
    icept, slope = point
    out = _empty_limits(len(icept), len(opts.levels))
    if not opts.levels:
        return out
    linear = opts.transform or opts.value_type == 0
    if opts.method == "analytic":
        _analytic(icept, slope, cov, opts, out)
    elif linear:
        _monte_carlo_linear(icept, slope, cov, opts, out)
    else:
        full_draws(value, se_g, ci, cs, (icept, slope), opts, out)
    return out


def _coefficient_covariance(
    ci: FloatArray, cs: FloatArray, se: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(var intercept, cov, var slope) of the fit when y_j ~ N(., se_j²) independently."""
    var = se**2
    return (ci**2 * var).sum(axis=1), (ci * cs * var).sum(axis=1), (cs**2 * var).sum(axis=1)


def _cholesky(cov: tuple[FloatArray, FloatArray, FloatArray]) -> tuple[FloatArray, ...]:
    """Factor with the slope first: slope = ŝ + l11 z1, intercept = î + l21 z1 + l22 z2."""
    v_ii, v_is, v_ss = cov
    l11 = np.sqrt(v_ss)
    with np.errstate(divide="ignore", invalid="ignore"):
        l21 = np.where(l11 > 0, v_is / l11, 0.0)
    l22 = np.sqrt(np.maximum(v_ii - l21**2, 0.0))
    return l11, l21, l22


def _slope_limits_to_output(
    mid: FloatArray,
    slope_lo: FloatArray,
    slope_hi: FloatArray,
    opts: Options,
    out: Limits,
    col: int,
) -> None:
    """With ``transform``: map g-scale slope limits s to SII and RII limits about the midpoint.

    ``SII = (g⁻¹(mid + s/2) − g⁻¹(mid − s/2))·m`` and ``RII = g⁻¹(mid + s/2)/g⁻¹(mid − s/2)``,
    with ``mid = î + ŝ/2``; each pair is put in increasing order (the reference swaps only for
    some multipliers, see the documentation).
    """
    sii_lo, sii_hi, rii_lo, rii_hi = out
    vt, m = opts.value_type, opts.multiplier
    pairs = []
    for s in (slope_lo, slope_hi):
        top, bottom = inverse_link(mid + s / 2, vt), inverse_link(mid - s / 2, vt)
        pairs.append(((top - bottom) * m, ratio(top, bottom, m)))
    sii_lo[:, col], sii_hi[:, col] = _ordered(pairs[0][0], pairs[1][0])
    if opts.want_rii:
        rii_lo[:, col], rii_hi[:, col] = _ordered(pairs[0][1], pairs[1][1])


def _ordered(first: FloatArray, second: FloatArray) -> tuple[FloatArray, FloatArray]:
    return np.minimum(first, second), np.maximum(first, second)


def _analytic(
    icept: FloatArray,
    slope: FloatArray,
    cov: tuple[FloatArray, FloatArray, FloatArray],
    opts: Options,
    out: Limits,
) -> None:
    """Normal-theory limits: slope ± z·se; RII on the log scale by the delta method."""
    v_ii, v_is, v_ss = cov
    sd_slope = np.sqrt(v_ss)
    mid = icept + slope / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        grad_i = 1 / (icept + slope) - 1 / icept
        grad_s = 1 / (icept + slope)
        sd_log_rii = np.sqrt(grad_i**2 * v_ii + 2 * grad_i * grad_s * v_is + grad_s**2 * v_ss)
    log_rii = np.log(np.abs(ratio(icept + slope, icept, 1.0)))
    for col, level in enumerate(opts.levels):
        z = float(special.ndtri(level + (1 - level) / 2))
        lo, hi = slope - z * sd_slope, slope + z * sd_slope
        if opts.transform:
            _slope_limits_to_output(mid, lo, hi, opts, out, col)
            continue
        m = opts.multiplier
        out[0][:, col], out[1][:, col] = _ordered(lo * m, hi * m)
        if opts.want_rii:
            sign = -1.0 if m < 0 else 1.0
            a = np.exp(sign * (log_rii - z * sd_log_rii))
            b = np.exp(sign * (log_rii + z * sd_log_rii))
            out[2][:, col], out[3][:, col] = _ordered(a, b)


def _monte_carlo_linear(
    icept: FloatArray,
    slope: FloatArray,
    cov: tuple[FloatArray, FloatArray, FloatArray],
    opts: Options,
    out: Limits,
) -> None:
    """Exact bivariate draws of (intercept, slope); SII limits from one sorted sample."""
    normals = shared_normals(opts, 2)
    l11, l21, l22 = _cholesky(cov)
    sorted_z1 = np.sort(normals[:, 0])
    mid = icept + slope / 2
    m = opts.multiplier
    for col, level in enumerate(opts.levels):
        lo_i, hi_i = order_index(opts.repetitions, level)
        if opts.transform:
            s_lo, s_hi = slope + l11 * sorted_z1[lo_i], slope + l11 * sorted_z1[hi_i]
            _slope_limits_to_output(mid, s_lo, s_hi, opts, out, col)
            continue
        # sorted(m·slope)[j] = m·slope_(j) for m ≥ 0, m·slope_(R-1-j) for m < 0.
        r = opts.repetitions - 1
        pick_lo, pick_hi = (lo_i, hi_i) if m >= 0 else (r - lo_i, r - hi_i)
        out[0][:, col] = m * (slope + l11 * sorted_z1[pick_lo])
        out[1][:, col] = m * (slope + l11 * sorted_z1[pick_hi])
    if opts.want_rii and not opts.transform:
        rii_linear(icept, slope, (l11, l21, l22), normals, opts, out)
