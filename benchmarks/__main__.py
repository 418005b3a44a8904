"""Run every benchmark and print one line each (``make bench``; ``python -m benchmarks``).

Each line is ``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``, with the
baseline measured in the same run on the same machine. Data are synthetic and seeded. Give
benchmark names (sii, indicators, dsr, aggregate, library, returns_import, recompute,
recompute_commit, dashboard) to run only those. A benchmark returns either (ours, baseline)
throughputs or its own finished lines (library search and dashboard latency). `recompute` and
`recompute_commit` take long at their national default (EQUITYHUB_BENCH_SCALE=0.1 runs a
tenth; see benchmarks/returns_bench.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from benchmarks import (
    aggregate_bench,
    dashboard_bench,
    dsr_bench,
    indicators_bench,
    library_search_bench,
    returns_bench,
    sii_bench,
)
from benchmarks._timing import Measure, report

BENCHMARKS: dict[str, Callable[[], tuple[Measure, Measure] | list[str]]] = {
    "sii": sii_bench.run,
    "indicators": indicators_bench.run,
    "dsr": dsr_bench.run,
    "aggregate": aggregate_bench.run,
    "library": library_search_bench.run,
    "returns_import": returns_bench.run_import,
    "recompute": returns_bench.run_recompute,
    "recompute_commit": indicators_bench.run_commit,
    "dashboard": dashboard_bench.run,
}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    for name in argv or list(BENCHMARKS):
        result = BENCHMARKS[name]()
        lines = result if isinstance(result, list) else [report(result[0], result[1])]
        print("\n".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
