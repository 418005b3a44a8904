"""Order statistics of simulated draws and the thread pool that shares areas between cores.

numpy's partition, arithmetic and random fills release the GIL, so plain threads scale.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
#: Every how many draws one is sampled to place the tail thresholds.
TAIL_STRIDE = 16


def order_index(repetitions: int, level: float) -> tuple[int, int]:
    """0-based positions of the lower and upper limits among sorted draws.

    As the reference: positions ``round(R(1-c)/2)`` and ``round(R(1+c)/2)`` (1-based, R's
    round-half-to-even), clipped to the sample.
    """
    lower = round(repetitions * (1 - level) / 2) - 1
    upper = round(repetitions * (1 + level) / 2) - 1
    return min(max(lower, 0), repetitions - 1), min(max(upper, 0), repetitions - 1)


def level_positions(repetitions: int, levels: Sequence[float]) -> list[int]:
    """Lower and upper positions for each level, interleaved."""
    positions: list[int] = []
    for level in levels:
        positions.extend(order_index(repetitions, level))
    return positions


def order_statistics(draws: npt.NDArray[np.floating[Any]], positions: list[int]) -> FloatArray:
    """Values at sorted ``positions`` (0-based) of each row, by successive partial partitions.

    ``draws`` is reordered in place. Rows whose wanted positions all lie in the tails (the
    limits of a simulation do) are answered from the few draws beyond a threshold instead
    (:func:`_tail_statistics`): the same values, a fraction of the work.
    """
    result = np.empty((draws.shape[0], len(positions)))
    for row in range(draws.shape[0]):
        found = _tail_statistics(draws[row], positions)
        result[row] = _partitioned(draws[row : row + 1], positions)[0] if found is None else found
    return result


def _partitioned(draws: npt.NDArray[np.floating[Any]], positions: list[int]) -> FloatArray:
    result = np.empty((draws.shape[0], len(positions)))
    start = 0
    work = draws
    for i in sorted(range(len(positions)), key=lambda i: positions[i]):
        kth = positions[i] - start
        work.partition(kth, axis=1)
        result[:, i] = work[:, kth]
        start = positions[i]
        work = work[:, kth:]
    return result


def _tail_statistics(row: npt.NDArray[np.floating[Any]], positions: list[int]) -> FloatArray | None:
    """The order statistics of one row from its tails, or None when this shortcut does not apply.

    A threshold ``t`` taken from a strided sample splits off the draws at or below it (at or
    above it for the upper tail). When at least ``c`` draws lie there and every wanted lower
    position is below ``c``, the sorted row begins with exactly those draws sorted (ties
    included: the rest are all above ``t``), so partitioning the ``c`` draws gives the same
    values as partitioning the row. Rows with NaN (sorted last by numpy, never selected by a
    comparison) and positions near the middle take the full partition.
    """
    n = row.shape[0]
    lower = [p for p in positions if p < n // 4]
    upper = [p for p in positions if p >= n - n // 4]
    if n < 4_096 or len(lower) + len(upper) != len(positions) or np.isnan(row).any():
        return None
    values: dict[int, float] = {}
    sample = row[::TAIL_STRIDE].copy()
    last = len(sample) - 1
    # Each cut is a little beyond where the wanted positions fall in the sample, so that the
    # draws past it nearly always include them (when not, the full partition answers).
    low_rank = min(last, (max(lower, default=0) + 1) * 5 // (4 * TAIL_STRIDE) + 8)
    high_rank = max(0, last - ((n - min(upper, default=n)) * 5 // (4 * TAIL_STRIDE) + 8))
    sample.partition(sorted({low_rank, high_rank}))
    if lower:
        need = max(lower) + 1
        tail = row[row <= sample[low_rank]]
        if len(tail) < need:
            return None
        tail.partition(lower)
        values.update((p, float(tail[p])) for p in lower)
    if upper:
        need = n - min(upper)
        tail = row[row >= sample[high_rank]]
        if len(tail) < need:
            return None
        shift = n - len(tail)
        tail.partition([p - shift for p in upper])
        values.update((p, float(tail[p - shift])) for p in upper)
    return np.array([values[p] for p in positions])


def worker_count(workers: int | None) -> int:
    """Threads to use: as asked, else the cores (at most 8)."""
    return workers or min(os.cpu_count() or 1, 8)


def run_tasks(tasks: list[Callable[[], None]], workers: int | None) -> None:
    """Run tasks on a thread pool (inline with one worker), re-raising any error."""
    count = worker_count(workers)
    if count <= 1 or len(tasks) <= 1:
        for task in tasks:
            task()
        return
    with ThreadPoolExecutor(max_workers=count) as pool:
        for future in [pool.submit(task) for task in tasks]:
            future.result()


def run_by_area(n_areas: int, workers: int | None, body: Callable[[range], None]) -> None:
    """Split ``range(n_areas)`` into a few blocks per worker and run ``body`` on each."""
    step = max(1, -(-n_areas // (worker_count(workers) * 4)))
    blocks = [range(start, min(start + step, n_areas)) for start in range(0, n_areas, step)]
    run_tasks([partial(body, block) for block in blocks], workers)
