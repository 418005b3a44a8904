"""The drafting rules: every sentence the platform writes about an indicator's statistics.

A board acts on the sentence, not on the table under it, so each sentence here says exactly what
was measured or tested and no more (the rules are in `docs/indicators/findings.md`):

1. A verdict of significance quotes the quantity that was tested (the yearly slope of the slope
   or relative index of inequality) with its 95% confidence interval and unit. A change between
   two periods is never quoted beside it.
2. The absolute (slope index) and relative (relative index) trends are named as such, and where
   their verdicts differ both are said.
3. Every figure carries its unit (a difference of percentages is in percentage points), and every
   gap says in words which group is higher and, from the indicator's polarity, who is worse off.
4. A withheld figure is called withheld, never missing, with what could make it publishable.
5. A control-chart reading names its rules and their source, and says when there are fewer than
   the 15 points Making Data Count advises.

The functions take stored results and signals (or anything with the same attributes) and return
plain strings, so pages, papers and statements print the same words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from equityhub.indicators.registry.models import Indicator

# The trend test's stored verdicts (`equityhub.stats.trend`; pages that read this module are
# reached from apps that may not import the statistics engine, so the words are repeated here
# and a test keeps them equal).
WIDENED, NARROWED = "widened significantly", "narrowed significantly"

GROUP_WORDS = {"deprivation_decile": "tenth", "deprivation_quintile": "fifth"}
MIN_SPC_POINTS = 15
SPC_RULES = (
    "XmR chart; special cause is a point beyond the process limits, 7 points in a row on one "
    "side of the mean, 6 points in a row rising or falling, or 2 of 3 points beyond two sigma on "
    "the same side (NHS England, Making Data Count, 2019)"
)
POOLING_ADVICE = (
    "Pooling periods (for example a year rather than a quarter) or using fifths rather than "
    "tenths of deprivation would give larger numbers that could be published."
)


class Figure(Protocol):
    """A stored result as the drafting rules read it."""

    period: str
    period_number: float
    breakdown: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    suppressed: bool


class Trend(Protocol):
    """A stored signal's trend test."""

    trend_slope: float | None
    trend_lower: float | None
    trend_upper: float | None
    trend_p: float | None
    trend_verdict: str


@dataclass(frozen=True)
class Units:
    """How an indicator's values and the differences between them are written."""

    value: str
    difference: str

    def of_value(self, number: float, digits: int = 1) -> str:
        return _with_unit(number, self.value, digits)

    def of_difference(self, number: float, digits: int = 1) -> str:
        return _with_unit(number, self.difference, digits)

    def of_measure(self, kind: str) -> str:
        """The unit of a stored summary measure of this indicator."""
        if kind in ("gap", "sii", "d"):
            return self.difference or "–"
        if kind == "bgv":
            return f"squared {self.difference}" if self.difference else "–"
        if kind == "unknown_share":
            return "% of records"
        return "ratio (1 = no difference)"


def _with_unit(number: float, unit: str, digits: int) -> str:
    text = f"{number:,.{digits}f}".replace("-", "−")
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def units(indicator: Indicator) -> Units:
    """Differences of percentages are percentage points; otherwise the indicator's own unit."""
    value = indicator.unit or ""
    percent = value == "%" or (indicator.type == "proportion" and indicator.multiplier == 100)
    return Units(
        value="%" if percent else value, difference="percentage points" if percent else value
    )


def shown(figure: Figure | None) -> bool:
    return figure is not None and not figure.suppressed and figure.value is not None


def latest_sentence(indicator: Indicator, latest: Figure | None) -> str:
    if latest is None:
        return "There is no value for this indicator yet."
    if not shown(latest):
        return f"The value for {latest.period} is withheld to protect small numbers."
    unit = units(indicator)
    text = f"In {latest.period} the value was {unit.of_value(float(latest.value or 0))}"
    if latest.lower_95 is not None and latest.upper_95 is not None:
        text += (
            f" (95% confidence interval {unit.of_value(latest.lower_95)} to "
            f"{unit.of_value(latest.upper_95)})"
        )
    return text + "."


def who_is_worse(indicator: Indicator, most_minus_least: float) -> str:
    """The words a gap's sign means, from the indicator's polarity ('' when neither is better)."""
    if most_minus_least == 0 or indicator.polarity not in ("higher_better", "lower_better"):
        return ""
    higher_among_most = most_minus_least > 0
    most_better = higher_among_most == (indicator.polarity == "higher_better")
    return "the most deprived are better off" if most_better else "the most deprived are worse off"


def gap_words(indicator: Indicator, gap: Figure, breakdown: str) -> str:
    """'4.3 percentage points lower in the most deprived tenth than in the least deprived; as
    higher is better, the most deprived are worse off'."""
    value = float(gap.value or 0)
    group = GROUP_WORDS.get(breakdown, "group")
    if round(value, 1) == 0:
        return f"no difference between the most and least deprived {group}s"
    side = "higher" if value > 0 else "lower"
    text = (
        f"{units(indicator).of_difference(abs(value))} {side} in the most deprived {group} "
        f"than in the least deprived"
    )
    worse = who_is_worse(indicator, value)
    if worse:
        polarity = "higher" if indicator.polarity == "higher_better" else "lower"
        text += f"; as {polarity} is better, {worse}"
    return text


def pick_series(figures: Iterable[Figure]) -> tuple[str, list[Figure]]:
    """Of one measure's deprivation figures, the deciles if any period shows one, else the
    quintiles if any does, else whichever there are (to say they are withheld)."""
    figures = list(figures)
    ordered = [(b, [f for f in figures if f.breakdown == b]) for b in GROUP_WORDS]
    for breakdown, figures in ordered:
        if any(shown(f) for f in figures):
            return breakdown, figures
    return next(((b, f) for b, f in ordered if f), ("", []))


def gap_sentence(indicator: Indicator, breakdown: str, gaps: Sequence[Figure]) -> str:
    """The latest gap between the most and least deprived, in words, or why it is withheld."""
    if not gaps:
        return (
            "No gap between the most and least deprived can be shown: no deprivation "
            "breakdown has been reported."
        )
    ordered = sorted(gaps, key=lambda g: g.period_number)
    visible = [g for g in ordered if shown(g)]
    if not visible:
        periods = "the only period" if len(ordered) == 1 else f"all {len(ordered)} periods"
        return (
            "The gap between the most and least deprived is withheld in "
            f"{periods} to protect small numbers. {POOLING_ADVICE}"
        )
    last = visible[-1]
    words = gap_words(indicator, last, breakdown)
    verb = "there was" if words.startswith("no difference") else "the value was"
    text = f"In {last.period} {verb} {words}."
    if ordered[-1] is not last:
        text = (
            f"The gap for {ordered[-1].period} is withheld to protect small numbers. "
            f"The latest shown: {text[0].lower()}{text[1:]}"
        )
    return text


def _interval(low: float, high: float, unit: str, digits: int) -> str:
    low_text, high_text = _with_unit(low, unit, digits), _with_unit(high, unit, digits)
    return f"95% confidence interval {low_text} to {high_text}"


def _verdict_words(verdict: str, which: str) -> str:
    if verdict == WIDENED:
        return f"a statistically significant widening of the {which} gap"
    if verdict == NARROWED:
        return f"a statistically significant narrowing of the {which} gap"
    return f"no statistically significant change in the {which} gap"


def _tested(signal: Trend | None) -> bool:
    return (
        signal is not None
        and signal.trend_slope is not None
        and signal.trend_lower is not None
        and signal.trend_upper is not None
        and signal.trend_p is not None
    )


def sii_trend_sentence(indicator: Indicator, signal: Trend) -> str:
    """The absolute trend: the slope index of inequality's change a year, as tested."""
    unit = units(indicator).difference
    slope = float(signal.trend_slope or 0)
    moved = "rose" if slope > 0 else "fell"
    return (
        f"The slope index of inequality {moved} by {_with_unit(abs(slope), unit, 2)} a year "
        f"({_interval(float(signal.trend_lower or 0), float(signal.trend_upper or 0), unit, 2)}"
        f" a year; p = {float(signal.trend_p or 0):.2g}): "
        f"{_verdict_words(signal.trend_verdict, 'absolute')}."
    )


def rii_trend_sentence(signal: Trend) -> str:
    """The relative trend, tested on the log scale, as a percentage change a year."""

    def percent(log_slope: float) -> float:
        return 100 * math.expm1(log_slope)

    change = percent(float(signal.trend_slope or 0))
    moved = "rose" if change > 0 else "fell"
    low, high = percent(float(signal.trend_lower or 0)), percent(float(signal.trend_upper or 0))
    return (
        f"The relative index of inequality {moved} by {_with_unit(abs(change), '%', 1)} a year "
        f"({_interval(low, high, '%', 1)} a year; p = {float(signal.trend_p or 0):.2g}): "
        f"{_verdict_words(signal.trend_verdict, 'relative')}."
    )


def trend_sentences(indicator: Indicator, sii: Trend | None, rii: Trend | None) -> list[str]:
    """The tested trends in inequality: absolute, relative, and where their verdicts differ."""
    if not _tested(sii):
        return ["There are too few periods with a slope index of inequality to test its trend."]
    assert sii is not None
    out = [sii_trend_sentence(indicator, sii)]
    if rii is not None and _tested(rii):
        out.append(rii_trend_sentence(rii))
        if rii.trend_verdict != sii.trend_verdict:
            out.append(
                "The absolute and relative measures disagree: read both before drawing a "
                "conclusion about the trend in inequality."
            )
    return out


def trend_label(indicator: Indicator, sii: Trend | None) -> str:
    """A tile's short reading of the absolute trend, with the tested slope and its interval."""
    if not _tested(sii):
        return ""
    assert sii is not None
    unit = (
        "pp" if units(indicator).difference == "percentage points" else units(indicator).difference
    )
    words = {WIDENED: "Widened significantly", NARROWED: "Narrowed significantly"}.get(
        sii.trend_verdict, "No significant change"
    )
    slope = _with_unit(float(sii.trend_slope or 0), unit, 2)
    low, high = (_with_unit(float(v or 0), unit, 2) for v in (sii.trend_lower, sii.trend_upper))
    return f"{words}: {slope} a year (95% CI {low} to {high})"


def variation_sentence(words: str, points: int) -> str:
    """The control chart's reading of the latest overall value, with its rules and their limits."""
    if points < 2:
        return "There are too few periods for a control chart of the overall value."
    text = f"Statistical process control ({SPC_RULES}): {words.lower()}."
    if points < MIN_SPC_POINTS:
        text += (
            f" The chart has {points} points; Making Data Count advises at least "
            f"{MIN_SPC_POINTS} for reliable limits, so treat them as provisional."
        )
    return text


def spc_points(spc: dict[str, object] | None) -> int:
    periods = (spc or {}).get("periods")
    return len(periods) if isinstance(periods, list) else 0


@dataclass(frozen=True)
class Evidence:
    """What an indicator's findings are drafted from, for one organisation or area."""

    latest: Figure | None
    gaps: Sequence[Figure]
    sii: Trend | None
    rii: Trend | None
    variation: str
    spc_points: int


def findings(indicator: Indicator, evidence: Evidence) -> list[str]:
    """Every drafted finding for an indicator, in the order papers and pages print them."""
    breakdown, gaps = pick_series(evidence.gaps)
    return [
        latest_sentence(indicator, evidence.latest),
        gap_sentence(indicator, breakdown, gaps),
        *trend_sentences(indicator, evidence.sii, evidence.rii),
        variation_sentence(evidence.variation, evidence.spc_points),
    ]


def headline(indicator: Indicator, evidence: Evidence) -> str:
    """The one finding a board reads first, chosen from the sentences above: a statistically
    significant widening of the absolute gap, else the latest deprivation gap, else the latest
    value."""
    if _tested(evidence.sii) and evidence.sii is not None and evidence.sii.trend_verdict == WIDENED:
        return sii_trend_sentence(indicator, evidence.sii)
    breakdown, gaps = pick_series(evidence.gaps)
    if gaps:
        return gap_sentence(indicator, breakdown, gaps)
    return latest_sentence(indicator, evidence.latest)
