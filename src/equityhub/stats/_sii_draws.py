"""Monte-Carlo draws of the SII engine that need every repetition: RII limits from the exact
bivariate draws, and log/logit values without ``transform`` (every quantile drawn).

Single precision holds the deviations from the exact double-precision estimates, so memory
traffic halves and a zero ``se`` still reproduces the estimate exactly.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import numpy.typing as npt

from equityhub.stats._sii_parallel import level_positions, order_statistics, run_by_area

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
MAX_DEVIATION = np.float32(80.0)


@dataclasses.dataclass(frozen=True)
class Options:
    """Everything the engine needs besides the data."""

    value_type: int
    transform: bool
    multiplier: float
    levels: tuple[float, ...]
    repetitions: int
    want_rii: bool
    method: str
    seed: int | None
    workers: int | None


Limits = tuple[FloatArray, FloatArray, FloatArray, FloatArray]


def ratio(top: FloatArray, bottom: FloatArray, multiplier: float) -> FloatArray:
    """``top/bottom``, inverted when the multiplier is negative (as the reference's RII)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        quotient = top / bottom
        return 1 / quotient if multiplier < 0 else quotient


def shared_normals(opts: Options, width: int) -> FloatArray:
    """Standard normals shared by every area, shape (repetitions, width) (read-only)."""
    if opts.seed is None:
        return np.random.default_rng().standard_normal((opts.repetitions, width))
    return _seeded_normals(opts.seed, opts.repetitions, width)


def single_normals(opts: Options, width: int) -> Float32Array:
    """The same normals in single precision, one row per quantile (width, repetitions)."""
    if opts.seed is None:
        return np.ascontiguousarray(shared_normals(opts, width).T, dtype=np.float32)
    return _seeded_single(opts.seed, opts.repetitions, width)


# A seeded draw is the same every call, and making it (10^5 x 10 normals) costs more than the
# simulation of a few areas: recomputing one area at a time would pay it again each time.
@functools.lru_cache(maxsize=8)
def _seeded_normals(seed: int, repetitions: int, width: int) -> FloatArray:
    normals = np.random.default_rng(seed).standard_normal((repetitions, width))
    normals.flags.writeable = False
    return normals


@functools.lru_cache(maxsize=8)
def _seeded_single(seed: int, repetitions: int, width: int) -> Float32Array:
    single = np.ascontiguousarray(_seeded_normals(seed, repetitions, width).T, dtype=np.float32)
    single.flags.writeable = False
    return single


def rii_linear(
    icept: FloatArray,
    slope: FloatArray,
    factor: tuple[FloatArray, ...],
    normals: FloatArray,
    opts: Options,
    out: Limits,
) -> None:
    """RII limits from the bivariate draws, as the estimate plus single-precision deviations.

    With ``N/D`` the ratio (``(î+ŝ)/î``, or its inverse when m < 0) and draws
    ``N + dN``, ``D + dD`` linear in ``(z1, z2)``:
    ``(N + dN)/(D + dD) − N/D = (dN·D − N·dD) / (D·(D + dD))``, itself a ratio of linear forms.
    """
    l11, l21, l22 = factor
    top, bottom = icept + slope, icept
    top_z1, bottom_z1 = l21 + l11, l21
    if opts.multiplier < 0:
        top, bottom, top_z1, bottom_z1 = bottom, top, bottom_z1, top_z1
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = top / bottom
    coefficients = np.stack(
        [top_z1 * bottom - top * bottom_z1, l22 * (bottom - top), bottom**2, bottom * bottom_z1,
         bottom * l22], axis=1,
    ).astype(np.float32)  # fmt: skip
    z1 = np.ascontiguousarray(normals[:, 0], dtype=np.float32)
    z2 = np.ascontiguousarray(normals[:, 1], dtype=np.float32)
    positions = level_positions(opts.repetitions, opts.levels)

    def run(rows: range) -> None:
        num, den, spare = (np.empty_like(z1) for _ in range(3))
        for area in rows:
            alpha, beta, gamma, delta, epsilon = coefficients[area]
            np.multiply(z1, alpha, out=num)
            num += np.multiply(z2, beta, out=spare)
            np.multiply(z1, delta, out=den)
            den += gamma
            den += np.multiply(z2, epsilon, out=spare)
            with np.errstate(divide="ignore", invalid="ignore"):
                num /= den
            stats = estimate[area] + order_statistics(num[None, :], positions)[0]
            out[2][area, :], out[3][area, :] = stats[0::2], stats[1::2]

    run_by_area(len(icept), opts.workers, run)


def full_draws(
    value: FloatArray,
    se_g: FloatArray,
    ci: FloatArray,
    cs: FloatArray,
    point: tuple[FloatArray, FloatArray],
    opts: Options,
    out: Limits,
) -> None:
    """Draw every quantile on the g scale, back-transform, and fit by weighted sums.

    A draw is written as the value plus a deviation, ``g⁻¹(η + δ) = y + dev(δ)`` with
    ``δ = se·z`` and ``u = e^δ − 1``: ``dev = y·u`` (log) or ``y(1 − y)·u/(1 + y·u)`` (logit).
    Deviations and their weighted sums are computed in single precision (ample for simulation
    error; order statistics are taken on them) and added to the exact double-precision point
    fit, so a zero ``se`` reproduces the estimate exactly.
    Each worker walks its areas with reused buffers, one quantile's draws at a time.
    """
    normals = single_normals(opts, value.shape[1])
    # Kept below the bound by a margin: the product is rounded in single precision.
    widest = np.abs(normals).max(axis=1).astype(np.float64) * 1.001
    positions = level_positions(opts.repetitions, opts.levels)
    m, logit = opts.multiplier, opts.value_type == 2
    point_icept, point_slope = point

    def weighted_deviations(area: int, slope: Float32Array, icept: Float32Array,
                            row: Float32Array, spare: Float32Array) -> None:  # fmt: skip
        """``slope`` and ``icept``: the deviations' weighted sums, one quantile at a time (its
        draws stay in the cache between the steps; each step is the one the whole table
        took, so the sums are the same to the last bit)."""
        y = value[area]
        factor = y * (1 - y) if logit else y
        to_slope = (cs[area] * factor).astype(np.float32)
        to_icept = (ci[area] * factor).astype(np.float32)
        spread, level = se_g[area].astype(np.float32), y.astype(np.float32)
        for j, normal in enumerate(normals):
            np.multiply(normal, spread[j], out=row)
            # |δ| > 80 only with an absurd se (> 17 on the log/logit scale); clipping keeps e^δ
            # finite in single precision (logit draws are then 0 or 1 to within e^-80). The
            # largest normal tells when no draw can reach it, and the clip would change nothing.
            if not abs(spread[j]) * widest[j] < MAX_DEVIATION:
                np.clip(row, -MAX_DEVIATION, MAX_DEVIATION, out=row)
            np.exp(row, out=row)
            row -= 1
            if logit:
                np.multiply(row, level[j], out=spare)
                spare += 1
                row /= spare
            _accumulate(slope, row, to_slope[j], first=j == 0, spare=spare)
            if opts.want_rii:
                _accumulate(icept, row, to_icept[j], first=j == 0, spare=spare)

    def body(rows: range) -> None:
        slope, icept, top, work, row = (np.empty_like(normals[0]) for _ in range(5))
        for area in rows:
            weighted_deviations(area, slope, icept, row, work)
            if opts.want_rii:
                np.add(icept, slope, out=top)
                estimate = _ratio_deviations(
                    (point_icept[area] + point_slope[area], point_icept[area]), top, icept, m, work
                )
                stats = estimate + order_statistics(top[None, :], positions)[0]
                out[2][area, :], out[3][area, :] = stats[0::2], stats[1::2]
            slope *= m
            stats = m * point_slope[area] + order_statistics(slope[None, :], positions)[0]
            out[0][area, :], out[1][area, :] = stats[0::2], stats[1::2]

    run_by_area(value.shape[0], opts.workers, body)


def _accumulate(total: Float32Array, row: Float32Array, weight: np.float32, *, first: bool,
                spare: Float32Array) -> None:  # fmt: skip
    """``total = row·weight`` for the first quantile, ``total += row·weight`` after it."""
    if first:
        np.multiply(row, weight, out=total)
    else:
        total += np.multiply(row, weight, out=spare)


def _ratio_deviations(
    point: tuple[float, float], d_top: Float32Array, d_bottom: Float32Array, m: float,
    spare: Float32Array,
) -> float:  # fmt: skip
    """Ratio ``N/D`` (``top/bottom``, inverted when m < 0) and, written into ``d_top``, each
    draw's deviation ``(N + dN)/(D + dD) − N/D = (dN·D − N·dD)/(D·(D + dD))``."""
    (top, bottom), d_num, d_den = point, d_top, d_bottom
    if m < 0:
        top, bottom = bottom, top
        np.copyto(spare, d_num)
        np.copyto(d_num, d_den)
        np.copyto(d_den, spare)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_num *= np.float32(bottom)
        d_num -= np.multiply(d_den, np.float32(top), out=spare)
        d_den += np.float32(bottom)
        d_den *= np.float32(bottom)
        d_num /= d_den
        return top / bottom if bottom else float("nan")
