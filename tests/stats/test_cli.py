"""The ``equityhub stats`` command line contract (equityhub.stats.cli)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.cli import main

LE_AGES = [0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]


def _csv(tmp_path: Path, name: str, table: pd.DataFrame, *, bom: bool = False) -> str:
    path = tmp_path / name
    text = table.to_csv(index=False)
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, pd.DataFrame | None, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    if status != 0 or not captured.out:
        return status, None, captured.err
    from io import StringIO

    return status, pd.read_csv(StringIO(captured.out), dtype=str, keep_default_na=False), ""


@pytest.fixture
def counts(tmp_path: Path) -> str:
    table = pd.DataFrame(
        {"area": ["a", "a", "b", "b"], "x": [3, 4, 50, 60], "n": [100, 100, 1000, 1000]}
    )
    return _csv(tmp_path, "counts.csv", table, bom=True)


def test_proportion_columns_and_levels(counts: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys,
        "proportion",
        counts,
        "--numerator",
        "x",
        "--denominator",
        "n",
        "--by",
        "area",
        "--confidence",
        "95,99.8",
    )
    assert status == 0 and out is not None
    assert list(out.columns) == [
        "area",
        "value",
        "lower_95",
        "upper_95",
        "lower_99.8",
        "upper_99.8",
        "numerator",
        "denominator",
        "method",
        "note",
    ]
    assert out["numerator"].tolist() == ["7", "110"]
    assert float(out["value"][0]) == pytest.approx(7 / 200, rel=1e-12)
    assert out["method"].tolist() == ["Wilson", "Wilson"]


def test_rate_default_multiplier_and_json(
    counts: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    status = main(["rate", counts, "--numerator", "x", "--denominator", "n", "-o", str(target)])
    assert status == 0 and capsys.readouterr().out == ""
    rows = json.loads(target.read_text())
    assert rows[0]["value"] == pytest.approx(117 / 2200 * 100_000, rel=1e-12)
    assert set(rows[0]) == {
        "value",
        "lower_95",
        "upper_95",
        "numerator",
        "denominator",
        "method",
        "note",
    }


def test_csv_output_file(counts: str, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert main(["mean", counts, "--value", "x", "--by", "area", "-o", str(target)]) == 0
    out = pd.read_csv(target)
    assert list(out.columns) == [
        "area",
        "value",
        "lower_95",
        "upper_95",
        "count",
        "sd",
        "method",
        "note",
    ]
    assert out["value"].tolist() == [3.5, 55.0]


def test_dsr_and_isr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(3)
    table = pd.DataFrame(
        {
            "area": np.repeat(["a", "b"], 19),
            "deaths": np.r_[rng.integers(5, 40, 19), np.zeros(19, dtype=int)],
            "pop": rng.integers(1000, 5000, 38),
            "ref_d": 40,
            "ref_p": 1000,
        }
    )
    path = _csv(tmp_path, "dsr.csv", table)
    status, out, _ = _run(
        capsys, "dsr", path, "--numerator", "deaths", "--denominator", "pop", "--by", "area"
    )
    assert status == 0 and out is not None
    assert list(out.columns) == [
        "area",
        "value",
        "lower_95",
        "upper_95",
        "numerator",
        "denominator",
        "method",
        "note",
    ]
    assert out["value"][1] == "" and "total count < 10" in out["note"][1]
    status, out, _ = _run(
        capsys,
        "isr",
        path,
        "--numerator",
        "deaths",
        "--denominator",
        "pop",
        "--ref-numerator",
        "ref_d",
        "--ref-denominator",
        "ref_p",
        "--by",
        "area",
        "--multiplier",
        "100",
    )
    assert status == 0 and out is not None
    assert list(out.columns)[:6] == [
        "area",
        "value",
        "lower_95",
        "upper_95",
        "observed",
        "expected",
    ]


def test_life_expectancy_row_per_start_age(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = pd.DataFrame(
        {"area": "a", "age": LE_AGES, "deaths": np.linspace(1, 300, 20).round(), "pop": 5000}
    )
    path = _csv(tmp_path, "le.csv", table)
    status, out, _ = _run(
        capsys,
        "life-expectancy",
        path,
        "--deaths",
        "deaths",
        "--population",
        "pop",
        "--start-age",
        "age",
        "--by",
        "area",
        "--ages",
        "0,65",
    )
    assert status == 0 and out is not None
    assert out["age"].tolist() == ["0", "65"]
    assert list(out.columns)[:5] == ["area", "age", "value", "lower_95", "upper_95"]


def test_quantile_keeps_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame({"lsoa": [f"L{i}" for i in range(10)], "score": np.arange(10.0)})
    path = _csv(tmp_path, "q.csv", table)
    status, out, _ = _run(capsys, "quantile", path, "--value", "score", "--quantiles", "5")
    assert status == 0 and out is not None
    assert len(out) == 10 and list(out.columns) == ["lsoa", "score", "quantile", "note"]
    assert out["quantile"].tolist() == ["5", "5", "4", "4", "3", "3", "2", "2", "1", "1"]


@pytest.fixture
def deciles(tmp_path: Path) -> str:
    rows = [
        {
            "area": area,
            "decile": d,
            "pop": 1000,
            "rate": 10 + d * slope,
            "se": 0.5,
            "lo": 9 + d * slope,
            "hi": 11 + d * slope,
        }
        for area, slope in (("x", 1.0), ("y", 0.1))
        for d in range(1, 11)
    ]
    return _csv(tmp_path, "deciles.csv", pd.DataFrame(rows))


def test_sii_columns(deciles: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys,
        "sii",
        deciles,
        "--by",
        "area",
        "--quantile",
        "decile",
        "--population",
        "pop",
        "--value",
        "rate",
        "--se",
        "se",
        "--rii",
        "--intercept",
        "--repetitions",
        "2000",
    )
    assert status == 0 and out is not None
    assert list(out.columns) == [
        "area",
        "sii",
        "rii",
        "intercept",
        "sii_lower_95",
        "sii_upper_95",
        "rii_lower_95",
        "rii_upper_95",
        "note",
    ]
    # A constant gradient of 1 per decile over equal populations: SII = 10 (top minus bottom).
    assert float(out["sii"][0]) == pytest.approx(10.0, rel=1e-9)


def test_sii_needs_se_or_limits(deciles: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        capsys, "sii", deciles, "--quantile", "decile", "--population", "pop", "--value", "rate"
    )
    assert status == 2 and "give --se COL, or both --lower COL and --upper COL" in err


def test_heat_one_row_per_measure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame(
        {
            "grp": list("ABCDE"),
            "est": [50, 55, 60, 62, 70],
            "se": 2,
            "pop": [100, 200, 300, 200, 100],
            "ord": [1, 2, 3, 4, 5],
        }
    )
    path = _csv(tmp_path, "heat.csv", table)
    status, out, _ = _run(
        capsys,
        "heat",
        path,
        "--measure",
        "all",
        "--subgroup",
        "grp",
        "--estimate",
        "est",
        "--se",
        "se",
        "--population",
        "pop",
        "--order",
        "ord",
        "--favourable",
    )
    assert status == 0 and out is not None
    assert list(out.columns) == ["measure", "estimate", "se", "lower_95", "upper_95", "note"]
    assert len(out) == 21 and out["measure"][0] == "d"
    assert float(out.set_index("measure").loc["d", "estimate"]) == pytest.approx(20.0)
    assert "reference" in out.set_index("measure").loc["mdru", "note"]


def test_aggregate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame(
        {
            "lsoa": ["E01000001", "E01000002", "", "E01000001"],
            "sex": list("FMFM"),
            "n": [3, 4, 2, 1],
        }
    )
    path = _csv(tmp_path, "agg.csv", table, bom=True)
    status, out, _ = _run(
        capsys, "aggregate", path, "--lsoa", "lsoa", "--by", "sex", "--count", "n"
    )
    assert status == 0 and out is not None
    assert list(out.columns) == ["sex", "imd", "imd_decile", "core20", "n", "note"]
    assert len(out) == 21 and out["n"].astype(int).sum() == 10
    assert out["note"].tolist().count("LSOA code missing") == 1


def test_suppress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame(
        {"category": ["Total", "a", "b"], "numerator": [60, 5, 55], "value": [6.0, 0.5, 5.5]}
    )
    path = _csv(tmp_path, "sup.csv", table)
    status, out, _ = _run(
        capsys, "suppress", path, "--count", "numerator", "--category", "category"
    )
    assert status == 0 and out is not None
    assert out["suppressed"].tolist() == ["False", "True", "True"]
    assert out["numerator"].tolist() == ["60", "", ""]
    assert out["value"].tolist() == ["6.0", "", ""]
    assert out["suppression_reason"][1] == "primary: count below 10"


def test_spc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = pd.DataFrame({"month": [3, 1, 2, 4, 5], "rate": [9, 10, 11, 11, 30]})
    path = _csv(tmp_path, "spc.csv", table)
    status, out, _ = _run(capsys, "spc", path, "--value", "rate", "--order", "month")
    assert status == 0 and out is not None
    assert out["month"].tolist() == ["1", "2", "3", "4", "5"]
    assert out.columns[:4].tolist() == ["month", "value", "mean", "lower_limit"]
    assert out["variation_icon"][0] == out["variation"].iloc[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["proportion", "{counts}", "--numerator", "y", "--denominator", "n"],
            "column 'y' (--numerator) is not in the input (columns: area, x, n)",
        ),
        (
            ["proportion", "{bad}", "--numerator", "x", "--denominator", "n"],
            "line 3, column 'x' (--numerator): 'abc' is not a number",
        ),
        (
            ["rate", "{zero}", "--numerator", "x", "--denominator", "n"],
            "denominator (column 'n', --denominator): must be above zero (found 0 at row 1",
        ),
        (["rate", "{missing}", "--numerator", "x", "--denominator", "n"], "no such file"),
        (
            ["rate", "{counts}", "--numerator", "x", "--denominator", "n", "-o", "out.xlsx"],
            "give a file ending in .csv or .json",
        ),
        (
            ["rate", "{counts}", "--numerator", "x", "--denominator", "n", "--confidence", "80"],
            "confidence: 80.0 is outside",
        ),
        (["aggregate", "{counts}", "--lsoa", "area"], "not 2021 LSOAs in England"),
        (["rate", "{counts}", "--numerator", "x"], "--denominator"),
        (["nosuchmethod", "{counts}"], "invalid choice"),
    ],
)
def test_bad_input_exit_2_naming_row_and_column(
    argv: list[str],
    message: str,
    tmp_path: Path,
    counts: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = {
        "counts": counts,
        "bad": _csv(tmp_path, "bad.csv", pd.DataFrame({"x": ["1", "abc"], "n": [5, 5]})),
        "zero": _csv(tmp_path, "zero.csv", pd.DataFrame({"x": [1, 1], "n": [5, 0]})),
        "missing": str(tmp_path / "nope.csv"),
    }
    argv = [arg.format(**files) for arg in argv]
    status, _, err = _run(capsys, *argv)
    assert status == 2
    assert message in err


def test_help_per_method(capsys: pytest.CaptureFixture[str]) -> None:
    for method in [
        "proportion",
        "rate",
        "mean",
        "dsr",
        "isr",
        "life-expectancy",
        "quantile",
        "sii",
        "heat",
        "aggregate",
        "suppress",
        "spc",
    ]:
        assert main([method, "--help"]) == 0
        assert "example:" in capsys.readouterr().out
    assert main([]) == 2


def test_spc_text_order_and_short_groups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = pd.DataFrame(
        {
            "ind": ["a", "a", "a", "b"],
            "month": ["2024-03", "2024-01", "2024-02", "2024-01"],
            "v": [7, 5, 6, 3],
        }
    )
    path = _csv(tmp_path, "spc.csv", table)
    status, out, _ = _run(capsys, "spc", path, "--value", "v", "--by", "ind", "--order", "month")
    assert status == 0 and out is not None
    assert out["month"].tolist() == ["2024-01", "2024-02", "2024-03", "2024-01"]
    assert out["value"].tolist() == ["5", "6", "7", "3"]
    assert out["note"].iloc[-1] == "fewer than 2 points: no chart"
    assert list(out.columns)[-1] == "note"


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    for method in (["aggregate"], ["rate", "--numerator", "x", "--denominator", "n"]):
        status, _, err = _run(capsys, method[0], str(path), *method[1:])
        assert status == 2 and "the file is empty" in err


def test_runs_as_a_module(counts: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "equityhub.stats",
            "rate",
            counts,
            "--numerator",
            "x",
            "--denominator",
            "nope",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "column 'nope' (--denominator) is not in the input" in done.stderr
