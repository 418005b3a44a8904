"""The ethnicity gap a tile shows: the ethnic group furthest from White British on the
unfavourable side, in the latest period, in plain English.

The sentence states only what the figures show — both values, their ratio and whether their 95%
confidence intervals overlap — and no more: it claims no test it did not run.
"""

from __future__ import annotations

from dataclasses import dataclass

from equityhub.indicators.dashboard.findings import units
from equityhub.indicators.registry.categories import ETHNIC_NAMES, is_unknown
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import Result

REFERENCE = "A"


@dataclass(frozen=True)
class EthnicityGap:
    """The furthest group and the reference group in one period."""

    period: str
    group: Result
    reference: Result

    @property
    def ratio(self) -> float | None:
        if not self.reference.value:
            return None
        return float(self.group.value) / float(self.reference.value)  # type: ignore[arg-type]

    @property
    def intervals_overlap(self) -> bool:
        low, high = sorted((self.group, self.reference), key=lambda r: r.value or 0.0)
        return (low.upper_95 or 0.0) >= (high.lower_95 or 0.0)

    def sentence(self, indicator: Indicator) -> str:
        unit = units(indicator)
        name = ETHNIC_NAMES.get(self.group.category, self.group.category)
        group, reference = float(self.group.value or 0), float(self.reference.value or 0)
        words = (
            f"{name}: {unit.of_value(group)} against {unit.of_value(reference)} for White "
            f"British in {self.period}"
        )
        if self.ratio is not None:
            words += f", {self.ratio:.2f} times the White British figure"
        if indicator.polarity in ("higher_better", "lower_better"):
            better = "higher" if indicator.polarity == "higher_better" else "lower"
            words += f" (as {better} is better, worse off)"
        overlap = (
            "overlap, so the difference may be chance"
            if self.intervals_overlap
            else "do not overlap"
        )
        return f"{words}. Their 95% confidence intervals {overlap}."


def furthest_group(indicator: Indicator, results: list[Result]) -> EthnicityGap | None:
    """From one organisation's ethnicity results (any periods): the latest period's group
    furthest from White British on the unfavourable side, if both are shown."""
    shown = [
        r
        for r in results
        if r.breakdown == "ethnicity"
        and r.kind == "category"
        and not r.suppressed
        and r.value is not None
        and not is_unknown(r.category)
    ]
    if not shown:
        return None
    latest = max(r.period_number for r in shown)
    now = [r for r in shown if r.period_number == latest]
    reference = next((r for r in now if r.category == REFERENCE), None)
    others = [r for r in now if r.category != REFERENCE]
    if reference is None or not others:
        return None
    sign = -1.0 if indicator.polarity == "higher_better" else 1.0
    worse = [r for r in others if sign * (float(r.value) - float(reference.value)) > 0]  # type: ignore[arg-type]
    if not worse:
        return None  # no group fares worse than White British
    # A group whose interval clears White British's first (small groups with wide intervals
    # are extreme by chance more often), then the furthest.
    gaps = [EthnicityGap(reference.period, r, reference) for r in worse]
    return max(gaps, key=lambda g: (not g.intervals_overlap, sign * float(g.group.value)))  # type: ignore[arg-type]
