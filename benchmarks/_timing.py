"""Timing and the one-line report format shared by every benchmark."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class Measure:
    """Throughput of one timed run: ``amount`` items of ``unit`` in ``seconds``."""

    name: str
    amount: float
    unit: str
    seconds: float

    @property
    def rate(self) -> float:
        return self.amount / self.seconds


def best_time(run: Callable[[], Any], *, repeats: int = 3) -> float:
    """The fastest of ``repeats`` runs, in seconds (after the first call warms caches)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _figure(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def report(ours: Measure, baseline: Measure) -> str:
    """``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``.

    The ratio is our throughput over the baseline's: above 1 we are faster; for a floor
    baseline (bare numpy, bare CSV reading) it says how close to the floor we come.
    """
    ratio = ours.rate / baseline.rate
    return (
        f"bench {ours.name}: {_figure(ours.rate)} {ours.unit}/s | "
        f"baseline {baseline.name}: {_figure(baseline.rate)} {baseline.unit}/s | "
        f"{ratio:,.3g} x"
    )
