"""Quantile assignment against PHEindicatormethods 2.1.0.

Expected quantiles: column QuantileInGrp of
tests/stats/data/phe/testdata_Quantiles__testdata_Quantiles.csv (the package's
testdata_Quantiles.xlsx), reproduced exactly, for the same subsets the package's
own tests use. Polarity "RAG - Low is good" means invert (as the package's test setup maps it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.quantiles import grouped_min_rank, quantile_by, quantiles

POLARITY = {"RAG - Low is good": True, "RAG - High is good": False, "True": True, "False": False}


@pytest.fixture
def data(phe_csv):
    frame = phe_csv("testdata_Quantiles__testdata_Quantiles.csv")
    frame["invert"] = frame.Polarity.map(POLARITY)
    return frame


@pytest.fixture
def good(data):
    return data[data.Test.str.startswith("Good")]


def assert_quantiles_match(out, expected):
    got = np.asarray(out["quantile"], dtype=float)
    want = expected.QuantileInGrp.to_numpy(dtype=float)
    np.testing.assert_array_equal(got, want)


@pytest.mark.filterwarnings("ignore:quantiles. one or more groups")  # as the reference's test
def test_within_region_deciles_with_polarity_field(good):
    subset = good[good.GroupSet == "IndSexReg"]
    out = quantile_by(subset, by=["IndSexRef", "ParentCode"], values="Value", invert="invert")
    assert_quantiles_match(out, subset)
    assert (out.groupvars == "IndSexRef, ParentCode").all()
    assert (out.nquantiles == 10).all()


def test_region_deciles_without_inversion_warn_for_small_groups(good):
    subset = good[(good.GroupSet == "IndSexReg") & (good.IndSexRef == "90366Female")]
    with pytest.warns(UserWarning, match="too few values"):
        out = quantile_by(subset, by=["IndSexRef", "ParentCode"], values="Value", invert=False)
    assert_quantiles_match(out, subset)
    assert (out.qinverted == "lowest quantile represents lowest values").all()


def test_septiles_by_indicator(good):
    subset = good[good.GroupSet == "IndSex"]
    out = quantile_by(subset, by="IndSexRef", values="Value", invert="invert", nquantiles=7)
    assert_quantiles_match(out, subset)


@pytest.mark.parametrize("by", [None, "QuantileNm"])
def test_quartiles_of_everything_with_missing_values(good, by):
    subset = good[good.QuantileNm == "Quartile"]
    assert subset.Value.isna().sum() == 6
    out = quantile_by(subset, by=by, values="Value", nquantiles=4)
    assert_quantiles_match(out, subset)
    assert (out.qinverted == "lowest quantile represents highest values").all()


def test_polarity_varying_within_a_group_is_refused(data):
    bad = data[data.Test == "BadPolarity"]
    with pytest.raises(ValueError, match=r"invert: must be the same .*IndSexRef='11111Female'"):
        quantile_by(bad, by="IndSexRef", values="Value", invert="invert")


def test_bad_arguments_are_refused(good):
    with pytest.raises(TypeError, match="values: column 'AreaName' must hold numbers"):
        quantile_by(good, by=None, values="AreaName")
    with pytest.raises(ValueError, match="invert: column 'Pol' is not in the data"):
        quantile_by(good, by=None, values="Value", invert="Pol")
    with pytest.raises(ValueError, match="invert: 'maybe' is not TRUE or FALSE"):
        quantiles([1.0, 2.0], invert=["maybe", "maybe"])
    with pytest.raises(ValueError, match="nquantiles"):
        quantiles([1.0], nquantiles=0)


def test_min_rank_matches_pandas_on_ties():
    rng = np.random.default_rng(3)
    values = rng.integers(0, 5, 200).astype(float)
    values[rng.random(200) < 0.1] = np.nan
    codes = rng.integers(0, 7, 200)
    frame = pd.DataFrame({"v": values, "g": codes})
    expected = frame.groupby("g").v.rank(method="min").to_numpy()
    np.testing.assert_array_equal(grouped_min_rank(values, codes.astype(np.intp)), expected)


def test_polars_in_polars_out():
    frame = pl.DataFrame({"area": list("abcdefghij"), "value": [float(v) for v in range(10)]})
    out = quantile_by(frame, by=None, values="value", nquantiles=5)
    assert isinstance(out, pl.DataFrame)
    assert out["quantile"].to_list() == [5.0, 5.0, 4.0, 4.0, 3.0, 3.0, 2.0, 2.0, 1.0, 1.0]
