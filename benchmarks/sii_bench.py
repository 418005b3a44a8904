"""(a) SII and RII with 95% Monte-Carlo limits, 100,000 repetitions, 2,000 areas × 10 deciles.

Values on the identity scale (``phe_sii``'s default value type) with standard errors.

Baseline: the straightforward per-area loop that fits every repetition's regression, as the
reference does (``equityhub.stats._sii_reference``), timed on a sample of areas and extrapolated.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from benchmarks._timing import Measure, sized
from equityhub.stats.sii import sii_grouped, sii_reference_loop

# The number of areas follows EQUITYHUB_BENCH_SCALE; the repetitions stay as the method runs.
AREAS, DECILES, REPETITIONS = sized(2_000, minimum=3), 10, 100_000
SAMPLE = min(3, AREAS)


def synthetic(seed: int = 20260101) -> pd.DataFrame:
    """Rates by decile with a gradient and noise, populations 5,000–20,000, Poisson SEs."""
    rng = np.random.default_rng(seed)
    area = np.repeat(np.arange(AREAS), DECILES)
    decile = np.tile(np.arange(1, DECILES + 1), AREAS)
    population = rng.integers(5_000, 20_000, AREAS * DECILES).astype(float)
    rate = 800 - 30 * decile + rng.normal(0, 20, AREAS * DECILES)
    events = rate * population / 100_000
    se = rate / np.sqrt(events)
    return pd.DataFrame({"area": area, "decile": decile, "pop": population, "rate": rate, "se": se})


def run() -> tuple[Measure, Measure]:
    table = synthetic()
    start = time.perf_counter()
    sii_grouped(
        table,
        by="area",
        quantile="decile",
        population="pop",
        value="rate",
        se="se",
        rii=True,
        repetitions=REPETITIONS,
        confidence=0.95,
    )
    ours = Measure(f"sii_rii_montecarlo_{AREAS}_areas", AREAS, "areas", time.perf_counter() - start)
    sample = table[table["area"] < SAMPLE]
    start = time.perf_counter()
    sii_reference_loop(
        sample["area"],
        sample["decile"],
        sample["pop"],
        sample["rate"],
        sample["se"],
        repetitions=REPETITIONS,
        confidence=0.95,
    )
    seconds = (time.perf_counter() - start) * AREAS / SAMPLE
    return ours, Measure("sii_per_area_reference_loop", AREAS, "areas", seconds)
