"""Run every benchmark and print one line each (``make bench``; ``python -m benchmarks``).

Each line is ``bench NAME: FIGURE UNIT | baseline NAME: FIGURE UNIT | RATIO x``, with the
baseline measured in the same run on the same machine. Data are synthetic and seeded. Give
benchmark names (sii, indicators, dsr, aggregate, library, returns_import,
returns_national, returns_commit, recompute, recompute_commit, dashboard) to run only those.
A benchmark returns either (ours, baseline) throughputs or its own finished lines (library
search and dashboard latency). `recompute`, `recompute_commit` and the national returns ones
take long at their national default (EQUITYHUB_BENCH_SCALE=0.1 runs a tenth; see
benchmarks/returns_bench.py and benchmarks/returns_national_bench.py). The figures are also
written to ``var/bench.json`` (one entry per benchmark run, with the time of the run), for
comparing runs.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import (
    aggregate_bench,
    dashboard_bench,
    dsr_bench,
    indicators_bench,
    library_search_bench,
    returns_bench,
    returns_national_bench,
    sii_bench,
)
from benchmarks._timing import Measure, report

RESULTS = Path("var") / "bench.json"

BENCHMARKS: dict[str, Callable[[], tuple[Measure, Measure] | list[str]]] = {
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
}


def main(argv: list[str]) -> int:
    unknown = [name for name in argv if name not in BENCHMARKS]
    if unknown:
        print(
            f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    entries: dict[str, dict[str, object]] = {}
    for name in argv or list(BENCHMARKS):
        result = BENCHMARKS[name]()
        lines = result if isinstance(result, list) else [report(result[0], result[1])]
        print("\n".join(lines), flush=True)
        entries[name] = _entry(result, lines)
    _save(entries)
    return 0


def _entry(result: tuple[Measure, Measure] | list[str], lines: list[str]) -> dict[str, object]:
    """One benchmark's figures: both throughputs and their ratio, or its own finished lines."""
    if isinstance(result, list):
        return {"lines": lines}
    ours, baseline = result
    return {
        "name": ours.name,
        "rate": ours.rate,
        "unit": f"{ours.unit}/s",
        "baseline": baseline.name,
        "baseline_rate": baseline.rate,
        "ratio": ours.rate / baseline.rate,
        "line": lines[0],
    }


def _save(entries: dict[str, dict[str, object]]) -> None:
    """Merge this run's figures into var/bench.json (benchmarks not run keep their last ones)."""
    RESULTS.parent.mkdir(exist_ok=True)
    try:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    saved.update({name: {**entry, "run_at": when} for name, entry in entries.items()})
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
