"""WRES relative likelihoods, and the tile's sentence on the ethnicity gap, against the figures."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from equityhub.indicators.dashboard.ethnicity_gap import furthest_group
from equityhub.indicators.models import Indicator, Result
from equityhub.indicators.results.workforce import relative_likelihoods

WRES = Indicator(
    code="wres", name="Appointed", type="proportion", multiplier=100, unit="%",
    polarity="higher_better", frameworks=["workforce:wres"],
)  # fmt: skip


def _groups(appointed: dict[str, int], shortlisted: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"period": "2024-25", "period_number": 2024.75, "breakdown": "ethnic_group",
             "category": g, "numerator": float(appointed[g]), "denominator": float(n),
             "suppressed": False}
            for g, n in shortlisted.items()
        ]
    )  # fmt: skip


def test_relative_likelihood_is_white_over_bme_with_katz_limits() -> None:
    shortlisted = {"White": 1200, "Asian": 300, "Black": 200, "Mixed": 60, "Other": 40,
                   "Unknown": 25}  # fmt: skip
    appointed = {"White": 300, "Asian": 54, "Black": 30, "Mixed": 12, "Other": 6, "Unknown": 4}
    frame = _groups(appointed, shortlisted)
    (found,) = relative_likelihoods(WRES, frame, frame)
    # by hand: white 300/1200 = 0.25; BME (unknown left out) 102/600 = 0.17
    assert found["value"] == pytest.approx(0.25 / 0.17, rel=1e-12)
    se = math.sqrt(1 / 300 - 1 / 1200 + 1 / 102 - 1 / 600)
    assert found["lower_95"] == pytest.approx(0.25 / 0.17 * math.exp(-1.959964 * se), rel=1e-6)
    assert found["upper_95"] == pytest.approx(0.25 / 0.17 * math.exp(1.959964 * se), rel=1e-6)
    assert found["kind"] == "relative_likelihood" and "white relative to BME" in found["method"]


def test_relative_likelihood_is_withheld_beside_a_hidden_group() -> None:
    shortlisted = {"White": 1200, "Asian": 300, "Other": 40}
    frame = _groups({"White": 300, "Asian": 54, "Other": 6}, shortlisted)
    shown = frame.assign(suppressed=frame["category"] == "Other")
    (found,) = relative_likelihoods(WRES, frame, shown)
    assert found["suppressed"] and found["value"] is None and found["lower_95"] is None


def _result(category: str, value: float, lower: float, upper: float) -> Result:
    return Result(
        breakdown="ethnicity", kind="category", category=category, period="2024-25",
        period_number=2024.75, value=value, lower_95=lower, upper_95=upper,
    )  # fmt: skip


def test_the_gap_sentence_states_the_values_ratio_and_overlap_it_was_built_from() -> None:
    results = [
        _result("A", 20.0, 19.0, 21.0),
        _result("M", 30.0, 27.0, 33.0),  # clears White British
        _result("P", 45.0, 10.0, 80.0),  # further, but its interval overlaps
        _result("Z", 99.0, 90.0, 100.0),  # not stated: never the comparison
    ]
    wait = Indicator(code="w", name="Waits", unit="%", polarity="lower_better")
    gap = furthest_group(wait, results)
    assert gap is not None and gap.group.category == "M"
    sentence = gap.sentence(wait)
    numbers = [float(n) for n in re.findall(r"\d+\.\d+", sentence)]
    assert numbers[:3] == [30.0, 20.0, pytest.approx(30.0 / 20.0, abs=0.005)]
    assert "Black or Black British: Caribbean" in sentence and "do not overlap" in sentence


def test_no_sentence_when_no_group_fares_worse() -> None:
    results = [_result("A", 20.0, 19.0, 21.0), _result("H", 10.0, 8.0, 12.0)]
    wait = Indicator(code="w", name="Waits", polarity="lower_better")
    assert furthest_group(wait, results) is None
