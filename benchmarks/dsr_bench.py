"""(c) Directly standardised rates with Dobson limits, 10,000 areas × 19 age bands (ESP 2013).

Baseline: a straightforward per-area loop calling the same array function once per area, timed
on a sample of areas and extrapolated.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from benchmarks._timing import Measure, best_time, sized
from equityhub.stats.standardised import dsr, dsr_by, esp2013

AREAS, BANDS = sized(10_000, minimum=10), 19
SAMPLE = min(500, AREAS)


def synthetic(seed: int = 20260103) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    population = rng.integers(500, 8_000, AREAS * BANDS).astype(float)
    risk = np.tile(np.geomspace(0.0005, 0.15, BANDS), AREAS)
    deaths = rng.poisson(population * risk).astype(float)
    area = np.repeat(np.arange(AREAS), BANDS)
    return pd.DataFrame({"area": area, "deaths": deaths, "pop": population})


def _loop(table: pd.DataFrame, areas: int) -> None:
    standard = esp2013()
    deaths = table["deaths"].to_numpy().reshape(-1, BANDS)
    population = table["pop"].to_numpy().reshape(-1, BANDS)
    for index in range(areas):
        dsr(deaths[index], population[index], standard, confidence=0.95)


def run() -> tuple[Measure, Measure]:
    table = synthetic()
    ours = best_time(
        lambda: dsr_by(table, by="area", numerator="deaths", denominator="pop"), repeats=2
    )
    start = time.perf_counter()
    _loop(table, SAMPLE)
    loop = (time.perf_counter() - start) * AREAS / SAMPLE
    return (
        Measure(f"dsr_{AREAS}_areas_{BANDS}_bands", AREAS, "areas", ours),
        Measure("dsr_per_area_loop", AREAS, "areas", loop),
    )
