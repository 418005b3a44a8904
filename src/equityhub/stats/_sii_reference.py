"""Slow, straightforward SII: one area at a time, every repetition's regression fitted.

This mirrors how ``phe_sii`` works (draw a k × R matrix of values, back-transform, fit the
weighted regression to every column with a least-squares solver, sort the slopes) and exists as
an independent check of the vectorised engine and as the baseline of ``make bench``. It takes
already-validated arrays; use :func:`equityhub.stats.sii.sii_grouped` for real work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import confidence_levels
from equityhub.stats._sii_engine import inverse_link, link
from equityhub.stats._sii_parallel import order_index

FloatArray = npt.NDArray[np.float64]

__all__ = ["sii_reference_loop"]


def sii_reference_loop(
    area: npt.ArrayLike,
    quantile: npt.ArrayLike,
    population: npt.ArrayLike,
    value: npt.ArrayLike,
    se: npt.ArrayLike,
    *,
    value_type: int = 0,
    transform: bool = False,
    multiplier: float = 1.0,
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    seed: int | None = 123456,
) -> dict[str, FloatArray]:
    """SII and RII with Monte-Carlo limits, looping over areas and fitting every draw.

    ``se`` is on the g scale (as in :func:`equityhub.stats.sii.sii`). Each area gets its own
    random stream (``default_rng([seed, i])`` for the i-th area in sorted order).

    Returns
    -------
    dict
        ``area`` and, per area, ``sii``, ``rii`` and ``sii_lower``/``sii_upper``/``rii_lower``/
        ``rii_upper`` of shape (areas, levels).
    """
    areas = np.asarray(area)
    labels = np.unique(areas)
    levels = confidence_levels(confidence)
    columns: dict[str, list[Any]] = {name: [] for name in _NAMES}
    arrays = [np.asarray(a, dtype=np.float64) for a in (quantile, population, value, se)]
    for index, label in enumerate(labels):
        rows = areas == label
        q, pop, val, err = (a[rows] for a in arrays)
        order = np.argsort(q, kind="stable")
        rng = np.random.default_rng(None if seed is None else [seed, index])
        one = _one_area(pop[order], val[order], err[order], rng, value_type, transform,
                        multiplier, levels, repetitions)  # fmt: skip
        for name, result in zip(_NAMES, one, strict=True):
            columns[name].append(result)
    out: dict[str, FloatArray] = {"area": labels}
    out.update({name: np.array(values) for name, values in columns.items()})
    return out


_NAMES = ("sii", "rii", "sii_lower", "sii_upper", "rii_lower", "rii_upper")


def _fit(pop: FloatArray, y: FloatArray) -> FloatArray:
    """Intercept and slope (2, R) of the WLS fit of each column of y (k, R) on the midpoints."""
    share = pop / pop.sum()
    midpoint = np.cumsum(share) - share / 2
    root = np.sqrt(share)
    design = np.column_stack([root, midpoint * root])
    coefficients, *_ = np.linalg.lstsq(design, root[:, None] * y, rcond=None)
    return np.asarray(coefficients)


def _one_area(
    pop: FloatArray,
    val: FloatArray,
    err: FloatArray,
    rng: np.random.Generator,
    value_type: int,
    transform: bool,
    multiplier: float,
    levels: tuple[float, ...],
    repetitions: int,
) -> tuple[float | FloatArray, ...]:
    eta = link(val, value_type)
    draws = rng.normal(eta[:, None], err[:, None], size=(len(val), repetitions))
    fit_y = eta if transform else val
    point = _fit(pop, fit_y[:, None])[:, 0]
    coef = _fit(pop, draws if transform else inverse_link(draws, value_type))
    sii, rii = _sii_rii(point[0], point[1], value_type, transform, multiplier)
    limits: list[list[float]] = [[], [], [], []]
    if transform:
        mid = point[0] + point[1] / 2
        slopes = np.sort(coef[1])
        for level in levels:
            lo, hi = order_index(repetitions, level)
            low = _sii_rii(mid - slopes[lo] / 2, slopes[lo], value_type, True, multiplier)
            high = _sii_rii(mid - slopes[hi] / 2, slopes[hi], value_type, True, multiplier)
            for target, pair in zip(limits, (low[0], high[0], low[1], high[1]), strict=True):
                target.append(pair)
            limits[0][-1], limits[1][-1] = sorted((limits[0][-1], limits[1][-1]))
            limits[2][-1], limits[3][-1] = sorted((limits[2][-1], limits[3][-1]))
    else:
        sii_draws = np.sort(coef[1] * multiplier)
        ratio = (coef[0] + coef[1]) / coef[0]
        rii_draws = np.sort(1 / ratio if multiplier < 0 else ratio)
        for level in levels:
            lo, hi = order_index(repetitions, level)
            for target, pick in zip(limits, (sii_draws[lo], sii_draws[hi], rii_draws[lo],
                                             rii_draws[hi]), strict=True):  # fmt: skip
                target.append(float(pick))
    return (sii, rii, *(np.array(item) for item in limits))


def _sii_rii(
    icept: float, slope: float, value_type: int, transform: bool, multiplier: float
) -> tuple[float, float]:
    if transform:
        top = float(inverse_link(np.array(icept + slope), value_type))
        bottom = float(inverse_link(np.array(icept), value_type))
        sii, ratio = (top - bottom) * multiplier, top / bottom
    else:
        sii, ratio = slope * multiplier, (icept + slope) / icept
    return sii, 1 / ratio if multiplier < 0 else ratio
