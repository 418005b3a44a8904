"""Timing, sizes and the report shared by every benchmark.

Each workload gives one ``Entry``: printed as the one-line report and written to
``var/bench.json``, so runs can be compared.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable

SCALE_VARIABLE = "EQUITYHUB_BENCH_SCALE"


def scale() -> float:
    """The size of every workload relative to its full size (``EQUITYHUB_BENCH_SCALE``, 1)."""
    value = float(os.environ.get(SCALE_VARIABLE) or "1")
    if not 0 < value <= 1:
        raise SystemExit(f"{SCALE_VARIABLE} must be above 0 and at most 1, not {value}")
    return value


def sized(full: int, *, minimum: int = 1) -> int:
    """``full`` at the current scale, never below ``minimum``."""
    return max(minimum, round(full * scale()))


def count_label(n: int) -> str:
    """A count as benchmark names write it: ``1m``, ``14k``, ``2000``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g}m"
    if n >= 10_000:
        return f"{n // 1000}k"
    return str(n)


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


def best_time(run: Callable[[], object], *, repeats: int = 3) -> float:
    """The fastest of ``repeats`` runs, in seconds (after the first call warms caches)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


@dataclasses.dataclass(frozen=True)
class Timing:
    """The best wall-clock and the best CPU time of one workload over several runs, seconds."""

    wall: float
    cpu: float


def best_times(*runs: Callable[[], object], repeats: int) -> list[Timing]:
    """The fastest of ``repeats`` runs of each, by the wall clock and by CPU time, in turns.

    Taking turns puts every workload under the same load at the same moments. On a shared
    machine the wall clock also counts the time other jobs hold the cores, and a longer
    workload is more often caught by them than a short baseline; the CPU time of this process
    (user and system, one thread here) counts only the work done, so its ratio holds steady
    under load. Both come from the same runs.
    """
    wall = [float("inf")] * len(runs)
    cpu = [float("inf")] * len(runs)
    for _ in range(repeats):
        for position, run in enumerate(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            cpu[position] = min(cpu[position], time.process_time() - start_cpu)
            wall[position] = min(wall[position], time.perf_counter() - start)
    return [Timing(w, c) for w, c in zip(wall, cpu, strict=True)]


def _figure(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One workload's result: its figure, the baseline's figure and their ratio.

    ``size`` and ``size_unit`` say how much work the workload did (areas, rows, resources,
    requests), so that runs at different sizes are not compared by mistake. ``skipped`` holds
    the reason when the workload could not run (no PostgreSQL, for example).
    """

    name: str
    size: int
    size_unit: str
    figure: float = 0.0
    unit: str = ""
    baseline: str = ""
    baseline_figure: float = 0.0
    baseline_unit: str = ""
    ratio: float = 0.0
    skipped: str | None = None

    def line(self) -> str:
        """``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``."""
        if self.skipped is not None:
            return f"bench {self.name}: skipped, {self.skipped}"
        return (
            f"bench {self.name}: {_figure(self.figure)} {self.unit} | "
            f"baseline {self.baseline}: {_figure(self.baseline_figure)} {self.baseline_unit} | "
            f"{self.ratio:,.3g} x"
        )

    def as_json(self) -> dict[str, str | float | int | None]:
        return dataclasses.asdict(self)


_LINE = re.compile(
    r"^bench (?P<name>\S+): (?P<figure>[\d,.]+) (?P<unit>.+?) \| "
    r"baseline (?P<baseline>\S+): (?P<baseline_figure>[\d,.]+) (?P<baseline_unit>.+?) \| "
    r"(?P<ratio>[\d,.]+(?:e[-+]?\d+)?) x$"
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_line(line: str, *, size: int, size_unit: str) -> Entry:
    """The entry a report line stands for (lines printed by benchmarks run in a subprocess)."""
    found = _LINE.match(line.strip())
    if found is None:
        raise ValueError(f"not a benchmark report line: {line!r}")
    return Entry(
        name=found["name"],
        size=size,
        size_unit=size_unit,
        figure=_number(found["figure"]),
        unit=found["unit"],
        baseline=found["baseline"],
        baseline_figure=_number(found["baseline_figure"]),
        baseline_unit=found["baseline_unit"],
        ratio=_number(found["ratio"]),
    )


def entry(ours: Measure, baseline: Measure) -> Entry:
    """The entry for two throughputs; the ratio is ours over the baseline's.

    Above 1 we are faster; for a floor baseline (bare numpy, bare CSV reading) it says how
    close to the floor we come.
    """
    return Entry(
        name=ours.name,
        size=round(ours.amount),
        size_unit=ours.unit,
        figure=ours.rate,
        unit=f"{ours.unit}/s",
        baseline=baseline.name,
        baseline_figure=baseline.rate,
        baseline_unit=f"{baseline.unit}/s",
        ratio=ours.rate / baseline.rate,
    )


def report(ours: Measure, baseline: Measure) -> str:
    """``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``."""
    return entry(ours, baseline).line()
