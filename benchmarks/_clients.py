"""Latencies of one workload under many concurrent clients, each a process of its own.

Each client is a separate process (forked from the one that loaded the data, so every client
starts with the same warm code) with its own database connection, as the clients of a server
with several worker processes would be: separate processes keep Python's interpreter lock
from queueing the clients' own Python work behind each other, which would make a workload
with more Python in it look slower than the database alone makes it. All the clients warm up,
wait for each other, then ask at once: each runs every query ``rounds`` times, starting at a
different query so that they do not all ask the same thing at the same moment, and records
the time each query takes, waits for the cores included. A workload and its floor are run the
same way, one after the other, by the same processes.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier
from typing import Any

# A workload: builds, inside the client process, the function that runs one query.
Workload = Callable[[], Callable[[str], list[Any]]]


def _client(
    index: int,
    workloads: Sequence[Workload],
    queries: Sequence[str],
    rounds: int,
    barrier: Barrier,
    results: Connection,
) -> None:
    order = [queries[(index + n) % len(queries)] for n in range(len(queries))]
    timings: list[list[float]] = []
    for workload in workloads:
        run = workload()
        for query in order:  # warm this process's caches and connection
            run(query)
        barrier.wait()
        times = []
        for _ in range(rounds):
            for query in order:
                start = time.perf_counter()
                run(query)
                times.append(time.perf_counter() - start)
        timings.append(times)
        barrier.wait()  # the next workload starts when every client has finished this one
    results.send(timings)
    results.close()


def concurrent_latencies(
    workloads: Sequence[Workload], queries: Sequence[str], *, clients: int, rounds: int
) -> list[list[float]]:
    """Every query's latency, per workload, from ``clients`` processes asking at once."""
    from django.db import connections

    connections.close_all()  # each client opens its own connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(clients)
    pipes = [context.Pipe(duplex=False) for _ in range(clients)]
    processes = [
        context.Process(
            target=_client, args=(index, workloads, queries, rounds, barrier, pipes[index][1])
        )
        for index in range(clients)
    ]
    for process in processes:
        process.start()
    gathered: list[list[float]] = [[] for _ in workloads]
    for receiver, _ in pipes:
        for position, times in enumerate(receiver.recv()):
            gathered[position] += times
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a benchmark client failed (exit code {process.exitcode})")
    return gathered
