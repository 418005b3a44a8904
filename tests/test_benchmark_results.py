"""The benchmarks' report: one printed line and one `var/bench.json` entry per workload."""

from __future__ import annotations

import json
from pathlib import Path

import benchmarks.__main__ as bench_main
import pytest
from benchmarks._timing import SCALE_VARIABLE, Entry, Measure, entry, parse_line, sized


def test_an_entry_names_its_size_and_baseline_and_its_line_reads_back() -> None:
    result = entry(
        Measure("ours_on_40_areas", 40, "areas", 2.0),
        Measure("reference_loop", 40, "areas", 8.0),
    )
    assert (result.size, result.size_unit, result.baseline) == (40, "areas", "reference_loop")
    assert result.ratio == pytest.approx(4.0)
    assert result.line() == (
        "bench ours_on_40_areas: 20 areas/s | baseline reference_loop: 5 areas/s | 4 x"
    )
    assert parse_line(result.line(), size=40, size_unit="areas") == result


def test_lines_from_a_subprocess_read_back_with_thousands_and_milliseconds() -> None:
    line = "bench library_search_sqlite_2000_p95: 1,320 ms | baseline bare_p95: 468 ms | 2.82 x"
    result = parse_line(line, size=2000, size_unit="resources")
    assert (result.figure, result.unit, result.baseline_figure) == (1320.0, "ms", 468.0)
    assert result.ratio == pytest.approx(2.82)
    with pytest.raises(ValueError, match="not a benchmark report line"):
        parse_line("# 2,000 resources bulk-inserted", size=1, size_unit="resources")


def test_sizes_follow_the_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCALE_VARIABLE, "0.02")
    assert sized(2_000) == 40
    assert sized(30, minimum=3) == 3
    monkeypatch.setenv(SCALE_VARIABLE, "2")
    with pytest.raises(SystemExit, match="at most 1"):
        sized(10)


def test_every_run_writes_one_json_entry_per_workload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCALE_VARIABLE, "1")

    def measured() -> tuple[Measure, Measure]:
        return Measure("ours", 10, "rows", 1.0), Measure("floor", 10, "rows", 0.5)

    def lines() -> list[Entry]:
        return [Entry("dashboard", 10, "requests", skipped="PostgreSQL did not answer")]

    runners = {"sii": measured, "dashboard": lines}
    monkeypatch.setattr(bench_main, "_runners", lambda: runners)
    target = tmp_path / "bench.json"
    assert bench_main.main(["--quick", "--json", str(target), "sii", "dashboard"]) == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["scale"] == bench_main.QUICK_SCALE
    assert [(e["name"], e["size"], e["baseline"]) for e in written["entries"]] == [
        ("ours", 10, "floor"),
        ("dashboard", 10, ""),
    ]
    assert written["entries"][0]["ratio"] == pytest.approx(0.5)
    assert written["entries"][1]["skipped"] == "PostgreSQL did not answer"
