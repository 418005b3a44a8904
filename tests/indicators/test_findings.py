"""The drafting rules: each sentence says what was tested, in its unit, and who is worse off.

Each test states one rule of `equityhub.indicators.dashboard.findings` against figures made up
for it; the end-to-end checks of pages, PDF and Word against stored statistics are in
`test_findings_documents.py`.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equityhub.indicators.dashboard import findings
from equityhub.indicators.models import Indicator

pytestmark = pytest.mark.no_database


def percent_indicator(polarity: str = "lower_better") -> Indicator:
    return Indicator(type="proportion", multiplier=100, unit="%", polarity=polarity)


def gap(period: str, value: float | None, number: float, *, suppressed: bool = False) -> object:
    return SimpleNamespace(
        period=period,
        period_number=number,
        breakdown="deprivation_decile",
        value=value,
        lower_95=None,
        upper_95=None,
        suppressed=suppressed,
    )


def trend(slope: float, low: float, high: float, p: float, verdict: str) -> object:
    return SimpleNamespace(
        trend_slope=slope, trend_lower=low, trend_upper=high, trend_p=p, trend_verdict=verdict
    )


WIDENED = trend(2.5, 0.9, 4.0, 0.0052, "widened significantly")
NO_CHANGE_RELATIVE = trend(0.01, -0.02, 0.04, 0.41, "no significant change")


def test_a_verdict_quotes_the_tested_slope_with_its_interval_and_unit() -> None:
    """Rule 1: the yearly slope of the SII, its 95% interval and unit, beside the verdict."""
    indicator = percent_indicator()
    text = findings.trend_sentences(indicator, WIDENED, None)[0]  # type: ignore[arg-type]
    assert "slope index of inequality rose by 2.50 percentage points a year" in text
    assert "95% confidence interval 0.90 percentage points to 4.00 percentage points" in text
    assert "statistically significant widening of the absolute gap" in text


def test_no_two_point_change_is_quoted_beside_a_verdict() -> None:
    """Rule 1: a change between two chosen periods never sits next to a significance verdict."""
    indicator = percent_indicator()
    evidence = findings.Evidence(
        latest=None,
        gaps=[gap("2023-Q1", 2.0, 2023.125), gap("2025-Q4", 15.0, 2025.875)],  # type: ignore[list-item]
        sii=WIDENED,  # type: ignore[arg-type]
        rii=None,
        variation="No significant change",
        spc_points=12,
    )
    for sentence in findings.findings(indicator, evidence):
        if "significant" in sentence:
            assert not re.search(r"\bsince\b|\bby 13\.0\b", sentence), sentence


def test_absolute_and_relative_trends_are_named_and_a_disagreement_is_said() -> None:
    """Rule 2: which trend is significant, and both where they differ."""
    sentences = findings.trend_sentences(percent_indicator(), WIDENED, NO_CHANGE_RELATIVE)  # type: ignore[arg-type]
    assert "absolute gap" in sentences[0]
    assert sentences[1].startswith("The relative index of inequality")
    assert "no statistically significant change in the relative gap" in sentences[1]
    assert "95% confidence interval −2.0% to 4.1% a year" in sentences[1]
    assert "disagree" in sentences[2]
    same = findings.trend_sentences(percent_indicator(), WIDENED, WIDENED)  # type: ignore[arg-type]
    assert len(same) == 2


@pytest.mark.parametrize(
    ("polarity", "value", "side", "who"),
    [
        ("higher_better", -4.3, "lower", "worse off"),
        ("higher_better", 4.3, "higher", "better off"),
        ("lower_better", 4.3, "higher", "worse off"),
        ("lower_better", -4.3, "lower", "better off"),
    ],
)
def test_a_gap_says_its_unit_and_who_is_worse_off(
    polarity: str, value: float, side: str, who: str
) -> None:
    """Rule 3: percentage points, the side in words and, from the polarity, who is worse off."""
    text = findings.gap_words(
        percent_indicator(polarity), gap("2025", value, 2025.5), "deprivation_decile"
    )  # type: ignore[arg-type]
    assert text.startswith(f"4.3 percentage points {side} in the most deprived tenth")
    assert text.endswith(f"the most deprived are {who}")


@given(
    value=st.floats(min_value=-50, max_value=50).filter(lambda v: abs(v) >= 0.05),
    polarity=st.sampled_from(["higher_better", "lower_better"]),
)
def test_polarity_words_always_match_the_sign(value: float, polarity: str) -> None:
    text = findings.gap_words(
        percent_indicator(polarity), gap("2025", value, 2025.5), "deprivation_decile"
    )  # type: ignore[arg-type]
    higher_among_most = value > 0
    assert (" higher in the most deprived" in text) == higher_among_most
    worse = higher_among_most != (polarity == "higher_better")
    assert text.endswith("worse off" if worse else "better off")


def test_rates_keep_their_own_unit() -> None:
    rate = Indicator(
        type="crude_rate", multiplier=100000, unit="per 100,000", polarity="lower_better"
    )
    assert findings.units(rate).difference == "per 100,000"
    assert findings.gap_words(rate, gap("2025", 12.0, 2025.5), "deprivation_quintile").startswith(  # type: ignore[arg-type]
        "12.0 per 100,000 higher in the most deprived fifth"
    )


def test_withheld_is_not_missing_and_says_what_would_help() -> None:
    """Rule 4: suppressed in every period is 'withheld', with pooling as the way to publish."""
    hidden = [gap(f"2024-Q{q}", None, 2024 + q / 4, suppressed=True) for q in range(1, 5)]
    text = findings.gap_sentence(percent_indicator(), "deprivation_decile", hidden)  # type: ignore[arg-type]
    assert "withheld in all 4 periods to protect small numbers" in text
    assert "Pooling periods" in text and "can be shown yet" not in text
    latest_hidden = [gap("2024", 3.0, 2024.5), gap("2025", None, 2025.5, suppressed=True)]
    text = findings.gap_sentence(percent_indicator(), "deprivation_decile", latest_hidden)  # type: ignore[arg-type]
    assert text.startswith("The gap for 2025 is withheld") and "in 2024 the value was 3.0" in text


def test_quintiles_are_used_when_every_decile_gap_is_withheld() -> None:
    deciles = [gap("2025", None, 2025.5, suppressed=True)]
    quintile = SimpleNamespace(
        **{**vars(gap("2025", 2.0, 2025.5)), "breakdown": "deprivation_quintile"}
    )
    breakdown, chosen = findings.pick_series([*deciles, quintile])  # type: ignore[list-item]
    assert breakdown == "deprivation_quintile" and chosen == [quintile]


def test_a_short_control_chart_says_its_rules_and_that_its_limits_are_provisional() -> None:
    """Rule 5: the rule set and its source, and fewer than 15 points said."""
    text = findings.variation_sentence("No significant change", 12)
    assert "7 points in a row" in text and "6 points in a row" in text and "2 of 3" in text
    assert "Making Data Count" in text
    assert "12 points" in text and "at least 15" in text
    assert "provisional" not in findings.variation_sentence("No significant change", 15)


def test_the_tile_label_names_the_tested_quantity() -> None:
    label = findings.trend_label(percent_indicator(), WIDENED)  # type: ignore[arg-type]
    assert label == "Widened significantly: 2.50 pp a year (95% CI 0.90 pp to 4.00 pp)"


def test_the_verdict_words_are_the_trend_tests_own() -> None:
    from equityhub.stats import trend

    assert (findings.WIDENED, findings.NARROWED) == (trend.WIDENED, trend.NARROWED)


def test_no_difference_reads_as_a_sentence() -> None:
    text = findings.gap_sentence(
        percent_indicator(), "deprivation_decile", [gap("2025", 0.02, 2025.5)]
    )  # type: ignore[list-item]
    assert text == "In 2025 there was no difference between the most and least deprived tenths."
