"""Life expectancy (Chiang II, Silcocks limits) against PHEindicatormethods 2.1.0.

Expected values: tests/stats/data/phe/testdata_LE__df1_expected.csv for the input
testdata_LE__df1_input.csv, reproduced within relative 1e-9. The withheld-group cases follow the
package's own tests (negative deaths, zero population, deaths above population, low population,
a missing age band).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.life_expectancy import life_expectancy, life_expectancy_by

RTOL = 1e-9
COLUMNS = ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


@pytest.fixture
def df1(phe_csv):
    return phe_csv("testdata_LE__df1_input.csv")


@pytest.fixture
def expected(phe_csv):
    return phe_csv("testdata_LE__df1_expected.csv")


def assert_matches(out, expected, columns=COLUMNS):
    for column in columns:
        np.testing.assert_allclose(
            np.asarray(out[column], dtype=float),
            expected[column].to_numpy(),
            rtol=RTOL,
            err_msg=column,
        )


def test_df1_matches_reference(df1, expected):
    out = life_expectancy_by(
        df1,
        by=None,
        deaths="deaths",
        population="pops",
        startage="startage",
        confidence=(0.95, 0.998),
        names="phe",
    )
    assert_matches(out, expected, [*COLUMNS, "pops_used", "dths_used"])
    assert out.statistic.tolist() == expected.statistic.tolist()
    assert (out.method == expected.method).all()
    assert (out.confidence == "95%, 99.8%").all()


def test_row_order_does_not_matter(df1, expected):
    shuffled = df1.sample(frac=1, random_state=4)
    result = life_expectancy(shuffled.deaths, shuffled.pops, shuffled.startage, confidence=95)
    by_age = pd.Series(result.value, index=shuffled.startage.to_numpy()).sort_index()
    np.testing.assert_allclose(by_age.to_numpy(), expected.value.to_numpy(), rtol=RTOL)


def test_withheld_groups_are_missing_with_warnings(df1, expected):
    frames = [
        df1.assign(area="good"),
        df1.assign(area="negative deaths", deaths=np.r_[df1.deaths[:3], -2, df1.deaths[4:]]),
        df1.assign(area="zero pop", pops=np.r_[df1.pops[:5], 0, df1.pops[6:]]),
        df1.assign(area="deaths above pops", pops=np.r_[df1.pops[:18], 119, df1.pops[19:]]),
        df1.assign(area="low pops", pops=250),
        df1.iloc[:19].assign(area="missing band"),
    ]
    data = pd.concat(frames, ignore_index=True)
    with pytest.warns(UserWarning, match="withheld") as caught:
        out = life_expectancy_by(
            data, by="area", deaths="deaths", population="pops", startage="startage", names="phe"
        )
    assert len(caught) == 5
    assert len(out) == len(data)
    good = out[out.area == "good"]
    np.testing.assert_allclose(good.value.to_numpy(), expected.value.to_numpy(), rtol=RTOL)
    rest = out[out.area != "good"]
    assert rest[["value", "lowercl", "uppercl"]].isna().all().all()


def test_value_withheld_when_interval_too_wide(df1):
    small = df1.assign(deaths=np.maximum(df1.deaths // 40, 1), pops=df1.pops // 6)
    out = life_expectancy_by(
        small, by=None, deaths="deaths", population="pops", startage="startage", names="phe"
    )
    wide = (out.uppercl - out.lowercl) / 2 > 10
    assert wide.any(), "the test needs a band with a wide interval"
    assert out.value[wide].isna().all() and out.lowercl[wide].notna().all()


def test_le_age_filter_and_polars(df1, expected):
    frame = pl.DataFrame({name: df1[name].tolist() for name in df1.columns})
    out = life_expectancy_by(
        frame,
        by=None,
        deaths="deaths",
        population="pops",
        startage="startage",
        le_age=[5, 25],
        names="phe",
    )
    assert isinstance(out, pl.DataFrame)
    assert out["startage"].to_list() == [5, 25]
    np.testing.assert_allclose(out["value"].to_numpy(), expected.value.to_numpy()[[2, 6]])
    with pytest.raises(ValueError, match="le_age: 4 is not a start age"):
        life_expectancy_by(
            df1,
            by=None,
            deaths="deaths",
            population="pops",
            startage="startage",
            le_age=[4],
            names="phe",
        )


def test_bad_input_is_refused(df1):
    with pytest.raises(ValueError, match="confidence"):
        life_expectancy(df1.deaths, df1.pops, df1.startage, confidence=0.5)
    with pytest.raises(TypeError, match="deaths"):
        life_expectancy(["x"] * 20, df1.pops, df1.startage)
