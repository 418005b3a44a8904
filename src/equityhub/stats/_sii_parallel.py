"""Order statistics of simulated draws and the thread pool that shares areas between cores.

numpy's partition, arithmetic and random fills release the GIL, so plain threads scale.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Bytes of simulated values held at once per worker (bounds memory for any number of areas).
CHUNK_BYTES = 8 * 1024 * 1024


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


def order_statistics(draws: FloatArray, positions: list[int]) -> FloatArray:
    """Values at sorted ``positions`` (0-based) of each row, by successive partial partitions.

    ``draws`` is reordered in place.
    """
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


def chunk_rows(n_areas: int, repetitions: int, width: int) -> list[slice]:
    """Slices of areas whose (areas, repetitions) temporaries fit in :data:`CHUNK_BYTES`."""
    per_area = repetitions * width * 8
    size = max(1, min(n_areas, CHUNK_BYTES // max(per_area, 1)))
    return [slice(start, min(start + size, n_areas)) for start in range(0, n_areas, size)]


def fill_by_chunks(
    n_areas: int,
    *,
    repetitions: int,
    levels: Sequence[float],
    workers: int | None,
    draws_for: Callable[[slice], FloatArray],
    lower: FloatArray,
    upper: FloatArray,
    width: int,
) -> None:
    """For each chunk of areas, draw, and write the limits at each level into lower/upper."""
    positions = level_positions(repetitions, levels)

    def task(rows: slice) -> Callable[[], None]:
        def run() -> None:
            stats = order_statistics(draws_for(rows), positions)
            lower[rows, :] = stats[:, 0::2]
            upper[rows, :] = stats[:, 1::2]

        return run

    run_tasks([task(rows) for rows in chunk_rows(n_areas, repetitions, width)], workers)
