"""Run every benchmark, print one line each and write ``var/bench.json`` (``make bench``).

Each line is ``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``, with the
baseline measured in the same run on the same machine. Data are synthetic and seeded. Give
benchmark names (sii, indicators, dsr, aggregate, library, returns_import, returns_national,
returns_commit, recompute, recompute_commit, dashboard, load_mix) to run only those.

Size: ``--scale F`` (or ``EQUITYHUB_BENCH_SCALE=F``, 0 < F <= 1) runs every workload at that
fraction of its full size (areas, rows, resources, boards and trusts, clients); ``--quick`` is
``--scale 0.02`` (``make bench-quick``). At full size `recompute` and `recompute_commit` take
hours (see benchmarks/returns_bench.py).

``var/bench.json`` (``--json PATH`` for another file) holds the run's scale and one entry per
workload: its name, its size, its figure, the baseline named with its figure, and the ratio.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks._timing import SCALE_VARIABLE, Entry, Measure, entry, scale

QUICK_SCALE = 0.02
NAMES = (
    "sii",
    "indicators",
    "dsr",
    "aggregate",
    "library",
    "returns_import",
    "returns_national",
    "returns_commit",
    "recompute",
    "recompute_commit",
    "dashboard",
    "load_mix",
)
Runner = Callable[[], tuple[Measure, Measure] | list[Entry]]


def _runners() -> dict[str, Runner]:
    """Imported after the scale is set: each module sizes its workload when imported."""
    from benchmarks import (
        aggregate_bench,
        dashboard_bench,
        dsr_bench,
        indicators_bench,
        library_search_bench,
        load_bench,
        returns_bench,
        returns_national_bench,
        sii_bench,
    )

    return {
        "sii": sii_bench.run,
        "indicators": indicators_bench.run,
        "dsr": dsr_bench.run,
        "aggregate": aggregate_bench.run,
        "library": library_search_bench.run,
        "returns_import": returns_bench.run_import,
        "returns_national": returns_national_bench.run_check,
        "returns_commit": returns_national_bench.run_commit,
        "recompute": returns_bench.run_recompute,
        "recompute_commit": indicators_bench.run_commit,
        "dashboard": dashboard_bench.run,
        "load_mix": load_bench.run,
    }


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--scale", type=float, help="fraction of the full size, 0 < F <= 1")
    size.add_argument(
        "--quick", action="store_true", help=f"every workload at {QUICK_SCALE} of its size"
    )
    parser.add_argument("--json", type=Path, default=Path("var/bench.json"), help="results file")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"some of: {', '.join(NAMES)}")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    unknown = [name for name in arguments.names if name not in NAMES]
    if unknown:
        print(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(NAMES)}", file=sys.stderr)
        return 2
    chosen = QUICK_SCALE if arguments.quick else arguments.scale
    if chosen is not None:
        os.environ[SCALE_VARIABLE] = str(chosen)  # read by subprocesses too
    factor = scale()
    runners = _runners()
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    entries: list[Entry] = []
    for name in arguments.names or list(NAMES):
        result = runners[name]()
        produced = result if isinstance(result, list) else [entry(result[0], result[1])]
        print("\n".join(item.line() for item in produced), flush=True)
        entries.extend(produced)
    document = {
        "scale": factor,
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "entries": [item.as_json() for item in entries],
    }
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"# {len(entries)} entries written to {arguments.json}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
