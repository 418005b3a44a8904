"""Funnel plot limits and significance against PHEindicatormethods 2.1.0.

Expected values, all in tests/stats/data/phe/: testdata_funnel_prop_inputs.csv (significance) ->
testdata_funnel_prop_outputs.csv and ..._with_axis_variation.csv; testdata_funnel_ratio_inputs.csv
-> testdata_funnel_ratio_outputs.csv; testdata_funnel_rate_input_funnels.csv ->
testdata_funnel_rate_outputs.csv, _2 and _3; testdata_funnel_rate_dsr_inputs.csv (significance).
The fixtures print the limits with 7 to 10 significant digits, so each value is compared within
half a unit of its last printed digit (1e-9 relative where the fixture prints that many digits).
Significance labels are compared exactly.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.funnel import (
    funnel_limits,
    funnel_limits_frame,
    funnel_points,
    funnel_significance,
    funnel_significance_frame,
    poisson_funnel,
    sigma_adjustment,
)

PROPORTION_NAMES = {
    "Lower2s0025limit": "lower_2s_limit",
    "Upper2s0025limit": "upper_2s_limit",
    "Lower3s0001limit": "lower_3s_limit",
    "Upper3s0001limit": "upper_3s_limit",
    "Baseline": "baseline",
}


def printed(phe_csv, name):
    """A fixture as text, so each value's printed precision is known."""
    frame = phe_csv(name, dtype=str, keep_default_na=False)
    frame.columns = [column.strip() for column in frame.columns]
    return frame


def assert_as_printed(got, texts, label):
    """Each value within half a unit of the last digit the fixture prints (and 1e-9 relative)."""
    got = np.asarray(got, dtype=float)
    for value, text in zip(got, texts, strict=True):
        exponent = Decimal(text).as_tuple().exponent
        tolerance = 0.5 * 10.0 ** int(exponent) + 1e-9 * abs(float(text))
        assert abs(value - float(text)) <= tolerance, f"{label}: {value!r} vs {text}"


def test_proportion_limits(phe_csv):
    inputs = phe_csv("testdata_funnel_prop_inputs.csv")
    expected = printed(phe_csv, "testdata_funnel_prop_outputs.csv").rename(columns=PROPORTION_NAMES)
    table = funnel_limits_frame(
        inputs,
        numerator="numerator",
        denominator="denominator",
        statistic="proportion",
        multiplier=100,
    )
    assert len(table) == 100
    for column in expected.columns:
        assert_as_printed(table[column], expected[column], column)
    assert (table.statistic == "proportion").all() and (table.method == "Wilson").all()


def test_proportion_limits_with_axis_variation(phe_csv):
    inputs = phe_csv("testdata_funnel_prop_inputs.csv")
    inputs = inputs[inputs.denominator < 31000]
    expected = printed(phe_csv, "testdata_funnel_prop_outputs_with_axis_variation.csv")
    expected = expected.rename(columns=PROPORTION_NAMES)
    table = funnel_limits(
        inputs.numerator, inputs.denominator, statistic="proportion", multiplier=100
    )
    for column in expected.columns:
        assert_as_printed(table[column], expected[column], column)


def test_proportion_significance(phe_csv):
    inputs = phe_csv("testdata_funnel_prop_inputs.csv")
    out = funnel_significance_frame(
        inputs.drop(columns="significance"),
        numerator="numerator",
        denominator="denominator",
        statistic="proportion",
    )
    assert out.significance.tolist() == inputs.significance.tolist()


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(phe_csv, ratio_type):
    inputs = phe_csv("testdata_funnel_ratio_inputs.csv")
    expected = printed(phe_csv, "testdata_funnel_ratio_outputs.csv")
    table = funnel_limits(
        inputs.obs, inputs.expected, statistic="ratio", multiplier=100, ratio_type=ratio_type
    )
    assert_as_printed(table["Observed_events"], expected["Observed_events"], "Observed_events")
    for column in expected.columns[1:]:
        if column.endswith("exp_events"):
            assert_as_printed(table[column], expected[column], column)
        elif column.endswith(ratio_type):
            name = column.removesuffix(ratio_type) + "limit"
            assert_as_printed(table[name], expected[column], column)
    assert table["statistic"] == f"ratio ({ratio_type})" and table["method"] == "Poisson"


def test_ratio_significance(phe_csv):
    inputs = phe_csv("testdata_funnel_ratio_inputs.csv")
    labels = funnel_significance(inputs.obs, inputs.expected, statistic="ratio")
    assert labels.tolist() == inputs.significance.tolist()


def _rate_case(phe_csv, case):
    data = phe_csv("testdata_funnel_rate_input_funnels.csv")
    biggest = data.ev == data.ev.max()
    if case == "dsr":
        return {"numerator": data.ev, "rate": data.rate, "rate_type": "dsr"}
    if case == "crude, fewer than 10":
        return {"numerator": data.ev.where(~biggest, 5), "rate": data.rate, "rate_type": "crude"}
    population = 1e5 * data.ev / data.rate
    keep = population > population.max() / 2
    return {
        "numerator": data.ev.where(~biggest, 0)[keep],
        "denominator": population[keep],
        "rate": data.rate.where(~biggest, 0)[keep],
        "rate_type": "crude",
    }


@pytest.mark.parametrize(
    ("case", "name"),
    [
        ("dsr", "testdata_funnel_rate_outputs.csv"),
        ("crude, fewer than 10", "testdata_funnel_rate_outputs_2.csv"),
        ("crude, 0 events", "testdata_funnel_rate_outputs_3.csv"),
    ],
)
def test_rate_limits(phe_csv, case, name):
    expected = printed(phe_csv, name)
    table = funnel_limits(
        statistic="rate", multiplier=100_000, years_of_data=3, **_rate_case(phe_csv, case)
    )
    for column in expected.columns[:-2]:
        assert_as_printed(table[column], expected[column], column)
    assert table["statistic"] == expected.statistic.iloc[0]


SIGNIFICANCE_CASES = [
    ("dsr_per_100000", "rate_dsr", "dsr", 100_000),
    ("dsr_per_100", "rate_dsr", "dsr", 100),
    ("crude_per_100000", "rate_crude_per_100000", "crude", 100_000),
    ("crude_per_100", "rate_crude_per_100", "crude", 100),
]


@pytest.mark.parametrize(("column", "rate", "rate_type", "multiplier"), SIGNIFICANCE_CASES)
@pytest.mark.parametrize("zeros", ["with_0", "without_0"])
def test_rate_significance(phe_csv, column, rate, rate_type, multiplier, zeros):
    data = phe_csv("testdata_funnel_rate_dsr_inputs.csv")
    if zeros == "without_0":
        data = data[data["count"] != 0]
    labels = funnel_significance(
        data["count"],
        data["pop"],
        statistic="rate",
        rate=data[rate],
        rate_type=rate_type,
        multiplier=multiplier,
    )
    assert labels.tolist() == data[f"{column}_{zeros}"].tolist()


def test_rate_points(phe_csv):
    data = phe_csv("testdata_funnel_rate_input_funnels.csv")
    biggest = data.ev == data.ev.max()
    dsr = funnel_points(
        data.ev.where(~biggest, 5), data.rate, rate_type="dsr", years_of_data=3, multiplier=1e5
    )
    np.testing.assert_allclose(dsr["denominator_derived"], data.denominator_derived, rtol=1e-9)
    crude = funnel_points(data.ev, data.rate, rate_type="crude", years_of_data=3, multiplier=1e5)
    np.testing.assert_allclose(
        crude["denominator_derived"], data.denominator_derived_crude, rtol=1e-9
    )
    with_denominator = funnel_points(
        data.ev.where(~biggest, 0),
        data.rate,
        data["pop"],
        rate_type="crude",
        years_of_data=5,
        multiplier=1e5,
    )
    np.testing.assert_allclose(
        with_denominator["denominator_derived"],
        data.denominator_derived_crude_with_denom,
        rtol=1e-9,
    )


def test_primitives_are_consistent():
    # The 95% funnel for a count of 1 is the exact Poisson interval of 1 event.
    np.testing.assert_allclose(poisson_funnel([1], 0.025, side="high"), [5.5716], rtol=1e-4)
    np.testing.assert_allclose(poisson_funnel([1], 0.025, side="low"), [0.0253], rtol=1e-2)
    low = sigma_adjustment(0.975, [100, 10_000], 0.5, side="low")
    high = sigma_adjustment(0.975, [100, 10_000], 0.5, side="high")
    assert np.all(low < 0.5) and np.all(high > 0.5) and high[1] - low[1] < high[0] - low[0]


def test_bad_input_is_refused():
    frame = pd.DataFrame({"obs": [65, 80, 30], "pop": [100, 100, 0]})
    with pytest.raises(ValueError, match="denominator: must be greater than zero"):
        funnel_significance(frame.obs, frame["pop"], statistic="proportion")
    with pytest.raises(ValueError, match="numerator: must be greater than or equal to zero"):
        funnel_significance([65, -80], [100, 100], statistic="proportion")
    with pytest.raises(ValueError, match="numerator: is above the denominator"):
        funnel_significance([65, 30], [100, 20], statistic="proportion")
    with pytest.raises(ValueError, match="statistic"):
        funnel_limits([1], [2], statistic="pop", multiplier=100)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ratio_type"):
        funnel_limits([1], [2], statistic="ratio", multiplier=100)
    with pytest.raises(ValueError, match="denominator: needed for crude rates"):
        funnel_limits(
            [0, 5],
            statistic="rate",
            rate=[0, 5],
            rate_type="crude",
            years_of_data=1,
            multiplier=100,
        )
