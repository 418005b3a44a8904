"""Run every benchmark and print one line each (``make bench``; ``python -m benchmarks``).

Each line is ``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``, with the
baseline measured in the same run on the same machine. Data are synthetic and seeded. Give
benchmark names (sii, indicators, dsr, aggregate) to run only those.
"""

from __future__ import annotations

import sys

from benchmarks import aggregate_bench, dsr_bench, indicators_bench, sii_bench
from benchmarks._timing import report

BENCHMARKS = {
    "sii": sii_bench.run,
    "indicators": indicators_bench.run,
    "dsr": dsr_bench.run,
    "aggregate": aggregate_bench.run,
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
        ours, baseline = BENCHMARKS[name]()
        print(report(ours, baseline), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
