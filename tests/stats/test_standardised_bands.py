"""Directly standardised rates whatever the row order, and non-independent events with a vector.

Expected values: PHEindicatormethods 2.1.0 fixture testdata_DSR_ISR__testresults_DSR.csv (rows
testdata_big at 100,000 and the non-independent areas), reproduced within relative 1e-9 from
testdata_multiarea.csv and testdata_nonindepe.csv in tests/stats/data/phe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.standardised import dsr, dsr_by, esp2013, standard_population

RTOL = 1e-9
# testdata_DSR_ISR__testresults_DSR.csv, area testdata_big, multiplier 100,000.
BIG_DSR = 10430.247991469423


@pytest.fixture
def big(phe_csv):
    data = phe_csv("testdata_DSR_ISR__testdata_multiarea.csv")
    return data[data.area == "testdata_big"].reset_index(drop=True)


def shuffled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sample(frac=1, random_state=7).reset_index(drop=True)


def test_default_standard_population_is_matched_by_age_band(big):
    out = dsr_by(
        shuffled(big),
        by="area",
        numerator="count",
        denominator="pop",
        ageband="ageband",
        names="phe",
    )
    np.testing.assert_allclose(out["value"], [BIG_DSR], rtol=RTOL)


def test_labelled_standard_population_is_matched_by_age_band(big):
    labelled = standard_population("esp2013")
    out = dsr_by(
        shuffled(big),
        by="area",
        numerator="count",
        denominator="pop",
        stdpop=labelled,
        ageband="ageband",
        names="phe",
    )
    np.testing.assert_allclose(out["value"], [BIG_DSR], rtol=RTOL)
    as_mapping = dict(zip(labelled.index, labelled, strict=True))
    again = dsr(shuffled(big)["count"], shuffled(big)["pop"], as_mapping,
                age_band=shuffled(big)["ageband"])  # fmt: skip
    np.testing.assert_allclose(again.value, [BIG_DSR], rtol=RTOL)


def test_bare_vector_refuses_rows_out_of_age_order(big):
    with pytest.raises(ValueError, match="not in ascending order"):
        dsr_by(
            shuffled(big),
            by="area",
            numerator="count",
            denominator="pop",
            stdpop=esp2013(),
            ageband="ageband",
            names="phe",
        )
    in_order = dsr_by(
        big,
        by="area",
        numerator="count",
        denominator="pop",
        stdpop=esp2013(),
        ageband="ageband",
        names="phe",
    )
    np.testing.assert_allclose(in_order["value"], [BIG_DSR], rtol=RTOL)


def test_a_band_without_a_standard_population_is_named(big):
    odd = big.assign(ageband=big.ageband.replace({"90+": "95+"}))
    with pytest.raises(ValueError, match=r"age band '95\+' at row 18"):
        dsr_by(odd, by="area", numerator="count", denominator="pop", ageband="ageband", names="phe")


def test_band_labels_with_leading_zeros_match():
    labels = [f"{age:02d}-{age + 4:02d}" for age in range(0, 90, 5)] + ["90+"]
    counts = np.arange(19) + 5.0
    pops = np.full(19, 1000.0)
    by_label = dsr(counts[::-1], pops, age_band=labels[::-1])
    by_position = dsr(counts, pops)
    np.testing.assert_allclose(by_label.value, by_position.value, rtol=RTOL)


def test_non_independent_events_with_the_default_vector(phe_csv, dsr_expected_nonind):
    # The reference groups by area and frequency, so a 19-value vector fits each frequency.
    wide = phe_csv("testdata_DSR_ISR__testdata_nonindepe.csv")
    long = wide.melt(id_vars=["area", "ageband", "pop"], value_vars=["f1", "f2", "f3", "f4"],
                     var_name="freq", value_name="persons")  # fmt: skip
    long["freq"] = long.freq.str[1:].astype(int)
    for stdpop in (None, esp2013()):
        out = dsr_by(long, by="area", numerator="persons", denominator="pop", stdpop=stdpop,
                     confidence=(0.95, 0.998), eventfreq="freq", ageband="ageband",
                     names="phe")  # fmt: skip
        np.testing.assert_allclose(
            out["value"], dsr_expected_nonind["value"].to_numpy(float), rtol=RTOL
        )
        np.testing.assert_allclose(
            out["upper99_8cl"], dsr_expected_nonind["upper99_8cl"].to_numpy(float), rtol=RTOL
        )


@pytest.fixture
def dsr_expected_nonind(phe_csv):
    return phe_csv("testdata_DSR_ISR__testresults_DSR.csv").iloc[8:12]


def test_dsr_without_limits(big):
    out = dsr_by(big, by="area", numerator="count", denominator="pop", confidence=None, names="phe")
    np.testing.assert_allclose(out["value"], [BIG_DSR], rtol=RTOL)
    assert not any(name.startswith(("lower", "upper")) for name in out.columns)
