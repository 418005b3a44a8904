"""`equityhub stats aggregate` writing a data return that uploads to Equity Hub unchanged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.stats.test_cli import _csv, _run


def test_aggregate_writes_a_data_return(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame(
        {
            "lsoa": ["E01000001", "E01000002", "", "E01000001"],
            "sex": ["Female", "Male", "Female", "Male"],
            "waited": [1, 0, 1, 1],
        }
    )
    path = _csv(tmp_path, "records.csv", table)
    status, out, _ = _run(
        capsys,
        "aggregate",
        path,
        "--lsoa",
        "lsoa",
        "--by",
        "sex",
        "--numerator",
        "waited",
        "--indicator",
        "rtt-waiting-over-18-weeks",
        "--area",
        "RXX",
        "--period",
        "2024-25",
    )
    assert status == 0 and out is not None
    assert list(out.columns[:7]) == [
        "indicator",
        "area_code",
        "period",
        "breakdown",
        "category",
        "numerator",
        "denominator",
    ]
    rows = {(r.breakdown, r.category): (r.numerator, r.denominator) for r in out.itertuples()}
    assert rows == {
        ("overall", "Total"): ("3", "4"),
        ("deprivation_decile", "8"): ("2", "2"),
        ("deprivation_decile", "10"): ("0", "1"),
        ("deprivation_decile", "Unknown"): ("1", "1"),
        ("sex", "Female"): ("2", "2"),
        ("sex", "Male"): ("1", "2"),
    }
    assert set(out["imd_version"]) == {"2025"} and set(out["lsoa_vintage"]) == {"2021"}


def test_a_data_return_needs_all_its_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "r.csv", pd.DataFrame({"lsoa": ["E01000001"], "waited": [1]}))
    status, _, err = _run(capsys, "aggregate", path, "--lsoa", "lsoa", "--indicator", "x")
    assert status != 0
    assert "--area" in err and "--period" in err and "--numerator" in err
