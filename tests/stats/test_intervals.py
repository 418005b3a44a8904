"""Confidence limit primitives against PHEindicatormethods 2.1.0.

Expected values: tests/stats/data/phe/testdata_Byars_Wilson__testdata_B_W.csv (the package's
testdata_Byars_Wilson.xlsx), reproduced within relative 1e-9.
"""

from __future__ import annotations

import numpy as np
import pytest

from equityhub.stats.intervals import (
    byars_limits,
    exact_poisson_limits,
    poisson_limits,
    t_limits,
    wilson_limits,
)

RTOL = 1e-9


def _level(label: str) -> float:
    return float(label.rstrip("%")) / 100


def test_byars_matches_reference(phe_csv):
    data = phe_csv("testdata_Byars_Wilson__testdata_B_W.csv")
    rows = data[data.method == "Byars"]
    assert len(rows) == 7
    for _, row in rows.iterrows():
        lower, upper = byars_limits([row.x], confidence=_level(row.confidence))
        np.testing.assert_allclose(upper, [row.uppercl], rtol=RTOL)
        if np.isnan(row.lowercl):
            assert np.isnan(lower[0]), "a negative Byars lower limit is reported missing"
        else:
            np.testing.assert_allclose(lower, [row.lowercl], rtol=RTOL)


def test_wilson_matches_reference(phe_csv):
    data = phe_csv("testdata_Byars_Wilson__testdata_B_W.csv")
    rows = data[data.method == "Wilson"]
    assert len(rows) == 6
    for _, row in rows.iterrows():
        lower, upper = wilson_limits([row.x], [row.n], confidence=_level(row.confidence))
        np.testing.assert_allclose([lower[0], upper[0]], [row.lowercl, row.uppercl], rtol=RTOL)


def test_wilson_at_full_confidence_is_zero_to_one():
    lower, upper = wilson_limits([3, np.nan], [10, 10], confidence=1)
    assert lower[0] == 0 and upper[0] == 1
    assert np.isnan(lower[1]) and np.isnan(upper[1])


def test_wilson_accepts_percentages():
    fraction = wilson_limits([65], [100], confidence=0.95)
    percent = wilson_limits([65], [100], confidence=95)
    np.testing.assert_array_equal(fraction, percent)


def test_exact_poisson_zero_count_has_zero_lower_limit():
    lower, upper = exact_poisson_limits([0, 1], confidence=0.95)
    assert lower[0] == 0
    # chi-squared quantile with 2 df at 0.975, halved: -ln(0.025)
    np.testing.assert_allclose(upper[0], -np.log(0.025), rtol=RTOL)
    # Rate test data, Area1: 1 event gives 0.0253178... and 5.5716... per 1 person
    np.testing.assert_allclose(lower[1], 0.025317807984289897, rtol=RTOL)
    np.testing.assert_allclose(upper[1], 5.571643390938898, rtol=RTOL)


def test_poisson_limits_switch_method_at_ten():
    lower, _upper, method = poisson_limits([9, 10, np.nan], confidence=0.95)
    assert method.tolist() == ["Exact", "Byars", None]
    np.testing.assert_allclose(lower[0], exact_poisson_limits([9])[0][0], rtol=RTOL)
    np.testing.assert_allclose(lower[1], byars_limits([10])[0][0], rtol=RTOL)


def test_t_limits_for_a_known_case():
    # Mean results fixture, Area1: mean 53.704345, sd 20.97557525770931, 8 values
    lower, upper = t_limits([53.70434500000001], [20.97557525770931], [8], confidence=0.95)
    np.testing.assert_allclose(lower, [36.168325241336504], rtol=RTOL)
    np.testing.assert_allclose(upper, [71.24036475866352], rtol=RTOL)
    lower, _ = t_limits([1.0], [np.nan], [1])
    assert np.isnan(lower[0])


@pytest.mark.parametrize("confidence", [0.5, 3, 1000, -1])
def test_confidence_outside_range_is_refused(confidence):
    with pytest.raises(ValueError, match="confidence"):
        byars_limits([5], confidence=confidence)


def test_non_numeric_input_is_refused():
    with pytest.raises(TypeError, match="observed"):
        byars_limits(["a"])
