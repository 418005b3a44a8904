"""Proportions, rates and means against PHEindicatormethods 2.1.0.

Expected values (reproduced within relative 1e-9), all in tests/stats/data/phe/:
testdata_Proportion__testdata_Prop.csv, testdata_Proportion__testdata_Prop_g.csv,
testdata_Rate__testdata_Rate.csv, testdata_Rate__testdata_Rate_g.csv,
testdata_Mean__testdata_Mean.csv -> testdata_Mean__testdata_Mean_results.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.indicators import (
    counts_by,
    mean,
    mean_by,
    proportion,
    proportion_by,
    rate,
    rate_by,
)

RTOL = 1e-9
TWO_LEVELS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def assert_columns_match(actual, expected, columns):
    for column in columns:
        want = pd.to_numeric(expected[column]).to_numpy(dtype=float)
        got = np.asarray(actual[column], dtype=float)
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=column)
        np.testing.assert_allclose(got, want, rtol=RTOL, err_msg=column)


@pytest.mark.parametrize("multiplier", [1, 100])
def test_proportion_two_levels_match_reference(phe_csv, multiplier):
    data = phe_csv("testdata_Proportion__testdata_Prop.csv")
    rows = data[data.multiplier == multiplier]
    result = proportion(
        rows.Numerator, rows.Denominator, confidence=(0.95, 0.998), multiplier=multiplier
    )
    assert_columns_match(result.to_dict(), rows, ["value", *TWO_LEVELS])
    assert result.statistic == rows.statistic.iloc[0]
    assert result.method == "Wilson"


def test_proportion_grouped_matches_reference(phe_csv):
    single = phe_csv("testdata_Proportion__testdata_Prop.csv")
    single = single[single.multiplier == 1]
    doubled = pd.concat([single, single[single.Area.str.match(r"Area\d$")]])
    expected = phe_csv("testdata_Proportion__testdata_Prop_g.csv").sort_values("Area")
    out = proportion_by(
        doubled, by="Area", numerator="Numerator", denominator="Denominator", names="phe"
    )
    assert out.Area.tolist() == expected.Area.tolist()
    assert_columns_match(out, expected, ["value", "lowercl", "uppercl"])
    assert (out.confidence == "95%").all()
    assert list(out.columns[:5]) == ["Area", "Numerator", "Denominator", "value", "lowercl"]


def test_proportion_without_confidence_has_no_limits():
    result = proportion([1, 2], [10, 10], confidence=None)
    assert result.confidence == ()
    assert "lowercl" not in result.to_dict()


@pytest.mark.parametrize("multiplier", [100, 100_000])
def test_rate_two_levels_match_reference(phe_csv, multiplier):
    data = phe_csv("testdata_Rate__testdata_Rate.csv")
    rows = data[data.multiplier == multiplier]
    result = rate(rows.Numerator, rows.Denominator, confidence=(95, 99.8), multiplier=multiplier)
    assert_columns_match(result.to_dict(), rows, ["value", *TWO_LEVELS])
    expected_method = [m if isinstance(m, str) else None for m in rows.method]
    assert result.method.tolist() == expected_method
    assert result.statistic == rows.statistic.iloc[0]


def test_rate_grouped_matches_reference(phe_csv):
    single = phe_csv("testdata_Rate__testdata_Rate.csv")
    single = single[single.multiplier == 100_000]
    doubled = pd.concat([single, single[single.Area.str.match(r"Area\d$")]])
    expected = phe_csv("testdata_Rate__testdata_Rate_g.csv").sort_values("Area")
    out = rate_by(
        doubled, by=["Area"], numerator="Numerator", denominator="Denominator", names="phe"
    )
    assert_columns_match(out, expected, ["value", "lowercl", "uppercl"])
    assert out.method.tolist()[1:3] == ["Exact", "Byars"]  # Area1 (2 events), Area10


def as_pandas(frame):
    if isinstance(frame, pl.DataFrame):
        return pd.DataFrame(frame.to_dict(as_series=False))
    return frame


def labels(methods):
    return [m if isinstance(m, str) else None for m in methods]


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_one_grouping_gives_the_reference_proportions_and_rates(phe_csv, backend):
    # Prop_g and Rate_g hold the same areas' counts summed over two copies (Area12 of the rate
    # fixture has more events than people, so it has no proportion and is left out).
    single = phe_csv("testdata_Proportion__testdata_Prop.csv")
    single = single[single.multiplier == 1]
    doubled = pd.concat([single, single[single.Area.str.match(r"Area\d$")]])
    # Integer area codes with gaps and below zero: the counting path keeps only those used.
    code = doubled.Area.str.removeprefix("Area").astype(int) * 37 - 200
    rows = pd.DataFrame({"code": code, "x": doubled.Numerator, "n": doubled.Denominator})
    frame = pl.from_pandas(rows) if backend == "polars" else rows
    counts = counts_by(frame, by="code", numerator="x", denominator="n")
    proportions = as_pandas(counts.proportion(names="phe"))
    rates = as_pandas(counts.rate(names="phe"))
    assert proportions.code.tolist() == sorted(set(code)) == rates.code.tolist()
    area_of = dict(zip(code, doubled.Area, strict=True))
    areas = [area_of[c] for c in proportions.code]
    want_p = phe_csv("testdata_Proportion__testdata_Prop_g.csv").set_index("Area").loc[areas]
    assert_columns_match(proportions, want_p, ["value", "lowercl", "uppercl"])
    want_r = phe_csv("testdata_Rate__testdata_Rate_g.csv").set_index("Area").loc[areas]
    assert_columns_match(rates, want_r, ["value", "lowercl", "uppercl"])
    assert labels(rates.method) == labels(want_r.method)
    assert list(rates.columns[:3]) == ["code", "x", "n"]
    assert proportions.equals(as_pandas(proportion_by(frame, by="code", numerator="x",
                                                      denominator="n", names="phe")))  # fmt: skip


def test_mean_grouped_and_ungrouped_match_reference(phe_csv):
    data = phe_csv("testdata_Mean__testdata_Mean.csv")
    expected = phe_csv("testdata_Mean__testdata_Mean_results.csv")
    columns = ["value_sum", "value_count", "stdev", "value", *TWO_LEVELS]
    out = mean_by(data, by="area", values="values", confidence=(0.95, 0.998), names="phe")
    assert_columns_match(out, expected.iloc[:2], columns)
    assert out.method.iloc[0] == "Student's t-distribution"
    whole = mean(data["values"], confidence=[0.95, 0.998]).to_dict()
    assert_columns_match(whole, expected.iloc[2:], columns)
    no_by = mean_by(data, by=None, values="values", confidence=[0.95, 0.998], names="phe")
    assert_columns_match(no_by, expected.iloc[2:], columns)


def test_polars_in_polars_out(phe_csv):
    data = phe_csv("testdata_Mean__testdata_Mean.csv")
    frame = pl.DataFrame({"area": data.area.tolist(), "values": data["values"].tolist()})
    out = mean_by(frame, by="area", values="values", names="phe")
    assert isinstance(out, pl.DataFrame)
    np.testing.assert_allclose(out["value"].to_numpy(), [53.70434500000001, 5678.962957777778])


def test_negative_numerator_names_field_and_group():
    frame = pd.DataFrame({"area": ["A", "A", "B"], "x": [1, -2, 3], "n": [10, 10, 10]})
    with pytest.raises(ValueError, match=r"numerator.*row 1 \(group area='A'\)"):
        proportion_by(frame, by="area", numerator="x", denominator="n", names="phe")


def test_numerator_above_denominator_is_refused_for_proportions_only():
    frame = pd.DataFrame({"area": ["A", "B"], "x": [1, 30], "n": [10, 20]})
    with pytest.raises(ValueError, match=r"numerator: is above the denominator.*area='B'"):
        proportion_by(frame, by="area", numerator="x", denominator="n", names="phe")
    assert (
        rate_by(frame, by="area", numerator="x", denominator="n", names="phe").value.iloc[1]
        == 150_000
    )


def test_zero_denominator_is_refused():
    with pytest.raises(ValueError, match=r"denominator: must be above zero.*position 1"):
        rate([1, 2], [10, 0])


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="same length"):
        proportion([1, 2], [10])


def test_missing_column_and_bad_options_are_refused():
    frame = pd.DataFrame({"x": [1], "n": [10]})
    with pytest.raises(ValueError, match="denominator: column 'pop' is not in the data"):
        rate_by(frame, by=None, numerator="x", denominator="pop", names="phe")
    with pytest.raises(ValueError, match="multiplier"):
        rate([1], [10], multiplier=-1)
    with pytest.raises(TypeError, match="multiplier"):
        rate([1], [10], multiplier="100")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="confidence"):
        proportion([1], [10], confidence=0.74)
    with pytest.raises(TypeError, match="numerator"):
        rate_by(
            pd.DataFrame({"x": ["a"], "n": [1]}),
            by=None,
            numerator="x",
            denominator="n",
            names="phe",
        )
