"""(d) ``equityhub stats aggregate`` of 1,000,000 LSOA-level rows from a CSV file.

Our side runs the command line end to end (read, vintage detection, IMD join, counts by decile
and sex, CSV written). Baseline (the floor): ``polars.read_csv`` of the same file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import polars as pl

from benchmarks._timing import Measure, best_time, count_label, sized
from equityhub.stats.aggregate import imd_lookup
from equityhub.stats.cli import main

ROWS = sized(1_000_000, minimum=1_000)


def write_synthetic(path: Path, seed: int = 20260104) -> None:
    rng = np.random.default_rng(seed)
    codes = imd_lookup(2025)["lsoa_code"].to_numpy()
    pl.DataFrame(
        {
            "lsoa21": codes[rng.integers(0, len(codes), ROWS)].tolist(),
            "sex": rng.choice(["F", "M"], ROWS).tolist(),
            "admissions": rng.integers(0, 20, ROWS),
        }
    ).write_csv(path)


def run() -> tuple[Measure, Measure]:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "lsoa.csv", Path(folder) / "out.csv"
        write_synthetic(source)
        argv = [
            "aggregate",
            str(source),
            "--lsoa",
            "lsoa21",
            "--by",
            "sex",
            "--count",
            "admissions",
            "-o",
            str(target),
        ]
        if main(argv) != 0:
            raise RuntimeError("aggregate benchmark: the command failed")
        ours = best_time(lambda: main(argv), repeats=3)
        floor = best_time(lambda: pl.read_csv(source), repeats=3)
    return (
        Measure(f"aggregate_cli_{count_label(ROWS)}_lsoa_rows", ROWS, "rows", ours),
        Measure("polars_read_csv_same_file", ROWS, "rows", floor),
    )
