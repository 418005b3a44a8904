"""Reading the command line's input: standard input, Windows-1252, semicolons, ``--round``.

Expected figures: Wilson score limits for 5/100 at 95% (PHEindicatormethods 2.1.0 phe_proportion
gives 0.02154368 and 0.11175047 for x=5, n=100; see docs/statistics/indicators.md).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from equityhub.stats.cli import main
from equityhub.stats.cli_io import sniff_delimiter

COUNTS = "area,x,n\nA,5,100\nB,7,90\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _output(capsys: pytest.CaptureFixture[str]) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)


def test_standard_input_is_read(monkeypatch, capsys):
    _stdin(monkeypatch, ("\ufeff" + COUNTS).encode())
    assert main(["proportion", "-", "--numerator", "x", "--denominator", "n", "--by", "area"]) == 0
    out = _output(capsys)
    assert out["area"].tolist() == ["A", "B"]
    assert out["lower_95"][0] == pytest.approx(0.02154368, abs=1e-8)


def test_standard_input_in_a_real_pipe():
    # The path analysts use in pipelines, through the interpreter's own stdin.
    run = subprocess.run(
        [sys.executable, "-m", "equityhub.stats", "rate", "-", "--numerator", "x",
         "--denominator", "n"],
        input=COUNTS.encode(), capture_output=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().splitlines()[0].startswith("value,lower_95,upper_95")


def test_windows_1252_with_semicolons(tmp_path: Path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes("zone;x;n\nCafé;5;100\nNorth;7;90\n".encode("cp1252"))
    status = main(["proportion", str(path), "--numerator", "x", "--denominator", "n",
                   "--by", "zone"])  # fmt: skip
    assert status == 0
    assert _output(capsys)["zone"].tolist() == ["Café", "North"]


def test_encoding_and_delimiter_can_be_named(tmp_path: Path, capsys):
    path = tmp_path / "tabs.tsv"
    path.write_bytes("zone\tx\tn\nCafé\t5\t100\n".encode("cp1252"))
    argv = ["proportion", str(path), "--numerator", "x", "--denominator", "n", "--by", "zone"]
    assert main([*argv, "--encoding", "windows-1252", "--delimiter", "tab"]) == 0
    assert _output(capsys)["zone"].tolist() == ["Café"]
    assert main([*argv, "--encoding", "utf-8"]) == 2
    assert "not utf-8" in capsys.readouterr().err


def test_round(monkeypatch, capsys):
    _stdin(monkeypatch, COUNTS.encode())
    assert main(["proportion", "-", "--numerator", "x", "--denominator", "n", "--round", "3"]) == 0
    out = _output(capsys)
    assert out["value"][0] == 0.063  # 12/190 = 0.0631...
    assert out["lower_95"][0] == round(out["lower_95"][0], 3)


def test_delimiter_sniffing():
    assert sniff_delimiter("a;b;c\n1;2;3", None) == ";"
    assert sniff_delimiter("a,b;c\n", None) == ","
    assert sniff_delimiter("single\n1\n", None) == ","
    assert sniff_delimiter("a|b\n", None) == "|"


def test_phe_names_on_the_command_line(monkeypatch, capsys):
    _stdin(monkeypatch, COUNTS.encode())
    argv = ["proportion", "-", "--numerator", "x", "--denominator", "n", "--names", "phe"]
    assert main([*argv, "--confidence", "0.95,0.998"]) == 0
    columns = _output(capsys).columns.tolist()
    assert columns[:5] == ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
