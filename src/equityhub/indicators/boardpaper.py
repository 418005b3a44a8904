"""The board paper: one section per adopted indicator, with findings drafted from the statistics.

Every drafted sentence is built from a stored result or signal and names the method behind it, so
a test can tie each word to the number it reports:

- **latest**: the overall value in the latest period with its 95% limits;
- **gap**: the gap between the most and least deprived groups in the latest period and, with an
  earlier period, how far it widened or narrowed since the first period; whether that change is
  statistically significant is the verdict of the trend test of the slope index of inequality
  (not of the two end points alone);
- **variation**: the XmR chart's reading of the latest overall value.
Suppressed figures are never quoted: the sentence says the figure is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from equityhub.indicators.models import Indicator, Result, Signal
from equityhub.indicators.selectors import Tile, dashboard_tiles, spc_words
from equityhub.people.models import Organisation

GROUP_WORDS = {"deprivation_decile": "tenths", "deprivation_quintile": "fifths"}
TREND_METHOD = "inverse-variance weighted trend test of the slope index of inequality"


@dataclass
class Section:
    tile: Tile
    findings: list[str] = field(default_factory=list)
    table: list[Result] = field(default_factory=list)

    @property
    def chart(self) -> dict[str, Any] | None:
        """The overall value by period with its 95% limits (the table is printed under it)."""
        from equityhub.indicators.charts import interval_spec

        unit = self.tile.indicator.unit
        return interval_spec(
            self.table,
            f"{self.tile.indicator.name}: overall value",
            f"Value ({unit})" if unit else "Value",
        )

    @property
    def chart_uri(self) -> str:
        from equityhub.indicators.charts import data_uri

        return data_uri(self.chart)


def gap_unit(indicator: Indicator) -> str:
    """Differences of percentages are percentage points; otherwise the indicator's own unit."""
    if indicator.type == "proportion" and indicator.multiplier == 100:
        return "percentage points"
    return indicator.unit or "units"


def _number(value: float, indicator: Indicator) -> str:
    unit = indicator.unit
    return f"{value:.1f}{unit}" if unit in ("%", "") else f"{value:.1f} {unit}"


def latest_sentence(indicator: Indicator, latest: Result | None) -> str:
    if latest is None:
        return "There is no value for this indicator yet."
    if latest.suppressed or latest.value is None:
        return f"The value for {latest.period} is withheld to protect small numbers."
    interval = ""
    if latest.lower_95 is not None and latest.upper_95 is not None:
        interval = (
            f" (95% confidence interval {latest.lower_95:.1f} to {latest.upper_95:.1f}; "
            f"{latest.method or 'as supplied'})"
        )
    return f"In {latest.period} the value was {_number(latest.value, indicator)}{interval}."


def gap_sentence(indicator: Indicator, gaps: list[Result], sii_signal: Signal | None) -> str:
    """The gap now, its change since the first period, and the trend test's verdict."""
    shown = sorted((g for g in gaps if g.value is not None), key=lambda g: g.period_number)
    if not shown:
        return "No gap between the most and least deprived groups can be shown yet."
    last = shown[-1]
    groups = GROUP_WORDS.get(last.breakdown, "groups")
    unit = gap_unit(indicator)
    now = (
        f"The gap between the most and least deprived {groups} was {last.value:.1f} {unit} "
        f"in {last.period} (most minus least deprived)"
    )
    if len(shown) < 2:
        return now + "."
    first = shown[0]
    last_value, first_value = float(last.value or 0), float(first.value or 0)
    change = last_value - first_value
    if round(change, 1) == 0:
        moved = f"; it is unchanged since {first.period}"
    else:
        word = "widened" if abs(last_value) > abs(first_value) else "narrowed"
        moved = f"; it {word} by {abs(change):.1f} {unit} since {first.period}"
    if sii_signal is None or not sii_signal.trend_verdict or sii_signal.trend_p is None:
        return now + moved + ". There are too few periods to test the trend."
    significant = sii_signal.trend_verdict != "no significant change"
    verdict = "is statistically significant" if significant else "is not statistically significant"
    return (
        f"{now}{moved}. The trend in inequality {verdict} ({TREND_METHOD}, "
        f"p = {sii_signal.trend_p:.2g}: {sii_signal.trend_verdict})."
    )


def variation_sentence(tile: Tile) -> str:
    return f"Statistical process control (XmR chart, Making Data Count rules): {tile.spc.lower()}."


def board_paper(organisation: Organisation, user: Any) -> list[Section]:
    sections = []
    for tile in dashboard_tiles(organisation, user):
        results = Result.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            organisation=organisation, indicator=tile.indicator
        )
        breakdown = tile.gap.breakdown if tile.gap else "deprivation_decile"
        gaps = list(results.filter(kind="gap", breakdown=breakdown))
        sii_signal = Signal.objects.filter(
            organisation=organisation, indicator=tile.indicator, measure="sii"
        ).first()
        table = list(results.filter(breakdown="overall", kind="category").order_by("period_number"))
        sections.append(
            Section(
                tile=tile,
                findings=[
                    latest_sentence(tile.indicator, tile.latest),
                    gap_sentence(tile.indicator, gaps, sii_signal),
                    variation_sentence(tile),
                ],
                table=table,
            )
        )
    return sections


__all__ = ["board_paper", "gap_sentence", "latest_sentence", "spc_words"]
