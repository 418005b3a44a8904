"""Simulated confidence limits for the measures without an analytic standard error.

As healthequal 1.0.1: for each of ``sim`` repetitions and each subgroup in input order, draw
``v ~ N(y_i, s_i)`` again until it is admissible (``0 ≤ v ≤ 100`` on a percentage scale,
``v ≥ 0`` otherwise), recompute the measure from the simulated vector, and take the type-7
quantiles of the simulated measures at ``(1 ∓ conf)/2``. Draws use R's generator
(:mod:`._rng`), reseeded with ``seed`` for every measure, so the limits reproduce R's exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from equityhub.stats.who._common import Subgroups
from equityhub.stats.who._rng import RNormal

FloatArray = npt.NDArray[np.float64]
MAX_REDRAWS = 10_000


def can_simulate(sub: Subgroups) -> bool:
    """Limits are simulated only with a complete ``se`` and a ``scale``."""
    return sub.has_se and sub.scale is not None


@lru_cache(maxsize=32)
def _draws(estimate: tuple[float, ...], se: tuple[float, ...], scale: float, sim: int,
           seed: int) -> FloatArray:  # fmt: skip
    stream = RNormal(seed)
    upper = 100.0 if scale == 100 else np.inf
    out = np.empty((sim, len(estimate)))
    for rep in range(sim):
        for i, (mean, sd) in enumerate(zip(estimate, se, strict=True)):
            out[rep, i] = _admissible(stream, mean, sd, upper)
    out.flags.writeable = False
    return out


def _admissible(stream: RNormal, mean: float, sd: float, upper: float) -> float:
    if sd == 0:
        return mean  # healthequal loops for ever when such a mean is out of range
    for _ in range(MAX_REDRAWS):
        value = stream.normal(mean, sd)
        if 0 <= value <= upper:
            return value
    raise ValueError(f"se: cannot draw an admissible value near {mean:g} (sd {sd:g})")


def simulated_values(sub: Subgroups, *, sim: int, seed: int) -> FloatArray:
    """The (sim, n) matrix of simulated subgroup estimates."""
    if sub.se is None or sub.scale is None:
        raise ValueError("se: simulation needs standard errors and a scale")
    return _draws(tuple(sub.estimate.tolist()), tuple(sub.se.tolist()), float(sub.scale),
                  int(sim), int(seed))  # fmt: skip


def simulated_limits(
    sub: Subgroups,
    statistic: Callable[[FloatArray], FloatArray],
    *,
    sim: int,
    seed: int,
) -> tuple[float, float]:
    """Quantiles of ``statistic`` (a function of the (sim, n) draws, one value per row)."""
    if not can_simulate(sub):
        return float("nan"), float("nan")
    values = statistic(simulated_values(sub, sim=sim, seed=seed))
    tail = (1 - sub.conf_level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)
