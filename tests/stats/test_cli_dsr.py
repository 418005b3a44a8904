"""``equityhub stats dsr``: rows in any order with --age-band, non-independent events with ESP.

Expected values: PHEindicatormethods 2.1.0 testdata_DSR_ISR__testresults_DSR.csv (rows
testdata_big at 100,000 and testdata_nonind_*), compared at relative 1e-9.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.cli import main

RTOL = 1e-9


def _run(capsys, *argv: str) -> pd.DataFrame:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_shuffled_rows_with_age_band(phe_csv, tmp_path: Path, capsys):
    data = phe_csv("testdata_DSR_ISR__testdata_multiarea.csv")
    big = data[data.area == "testdata_big"].sample(frac=1, random_state=3)
    path = tmp_path / "shuffled.csv"
    big.to_csv(path, index=False)
    out = _run(capsys, "dsr", str(path), "--numerator", "count", "--denominator", "pop",
               "--by", "area", "--age-band", "ageband")  # fmt: skip
    np.testing.assert_allclose(out["value"], [10430.247991469423], rtol=RTOL)


@pytest.mark.parametrize("standard", ["esp2013", "esp"])
def test_non_independent_events_grouped(phe_csv, tmp_path: Path, capsys, standard):
    # Once refused with "19 values (one per age band) but ... group of 76 rows".
    wide = phe_csv("testdata_DSR_ISR__testdata_nonindepe.csv")
    wide["esp"] = np.tile(phe_csv("esp2013.csv")["value"], 4)  # the reference's vector
    long = wide.melt(id_vars=["area", "ageband", "pop", "esp"], value_vars=["f1", "f2", "f3", "f4"],
                     var_name="freq", value_name="persons")  # fmt: skip
    long["freq"] = long["freq"].str[1:]
    path = tmp_path / "nonindependent.csv"
    long.to_csv(path, index=False)
    out = _run(capsys, "dsr", str(path), "--numerator", "persons", "--denominator", "pop",
               "--by", "area", "--event-frequency", "freq", "--age-band", "ageband",
               "--standard-population", standard, "--confidence", "0.95,0.998")  # fmt: skip
    expected = phe_csv("testdata_DSR_ISR__testresults_DSR.csv").iloc[8:12]
    for ours, theirs in [("value", "value"), ("lower_95", "lower95_0cl"),
                         ("upper_99.8", "upper99_8cl")]:  # fmt: skip
        np.testing.assert_allclose(out[ours], expected[theirs], rtol=RTOL)
