"""Evaluating a pilot from the data before and after it started.

The evaluation pools the overall counts of the periods before the start and of the periods from
the start on. For a proportion, each side has Wilson limits and the difference (after − before)
has Newcombe's hybrid score limits; for a crude rate, each side has exact Poisson (below 10
events) or Byars' limits and the difference has MOVER limits (``equityhub.stats.differences``).
With a comparator organisation its own change is shown beside it, and the difference in
differences (the pilot's change minus the comparator's) has 95% limits by the MOVER combination
of the two changes' limits (Zou & Donner 2008), so a change seen everywhere is not taken for the
pilot's effect. Other indicator types are not evaluated automatically yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from equityhub.indicators.pilots.models import Pilot
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import Result
from equityhub.people.models import Organisation
from equityhub.stats.differences import (
    DifferenceResult,
    difference_in_differences,
    proportion_difference,
    rate_difference,
)

EVALUATED_TYPES = ("proportion", "crude_rate")
METHODS = {
    "proportion": (
        "Pooled counts before and after the start; Wilson score limits for each proportion; "
        "difference with 95% limits by Newcombe's hybrid score method (MOVER)."
    ),
    "crude_rate": (
        "Pooled counts and denominators before and after the start; exact Poisson limits "
        "(below 10 events) or Byars' limits for each rate; difference with 95% limits by the "
        "method of variance estimates recovery (MOVER)."
    ),
}
DID_METHOD = (
    "Difference in differences (the pilot organisation's change minus the comparator's) with "
    "95% limits by the MOVER combination of the two changes' limits (Zou & Donner 2008), "
    "treating the two organisations' data as independent."
)
METHOD = METHODS["proportion"]


def unit_words(indicator: Indicator) -> str:
    """How a difference of this indicator is read: percentage points, or a rate's unit."""
    if indicator.type == "proportion" and indicator.multiplier == 100:
        return " percentage points"
    if indicator.type == "crude_rate":
        return f" per {indicator.multiplier:,.0f}"
    return ""


@dataclass(frozen=True)
class Change:
    """One organisation's before/after difference of the overall value."""

    before: float
    after: float
    difference: float
    lower: float
    upper: float
    before_periods: int
    after_periods: int
    units: str = ""

    @property
    def significant(self) -> bool:
        return self.lower > 0 or self.upper < 0

    def sentence(self, unit: str) -> str:
        direction = "rose" if self.difference > 0 else "fell"
        points = " percentage points" if unit == "%" else self.units
        words = (
            f"The value {direction} from {self.before:.1f}{unit} to {self.after:.1f}{unit} "
            f"(difference {self.difference:+.1f}{points}, 95% limits {self.lower:+.1f} to "
            f"{self.upper:+.1f}{points})"
        )
        if self.significant:
            return f"{words}; the change is statistically significant."
        return f"{words}; the change is not statistically significant."


@dataclass(frozen=True)
class DiffInDiff:
    """The pilot organisation's change minus the comparator's, with 95% limits."""

    difference: float
    lower: float
    upper: float
    units: str = ""

    @property
    def significant(self) -> bool:
        return self.lower > 0 or self.upper < 0

    def sentence(self, comparator: str) -> str:
        bigger = "larger" if self.difference > 0 else "smaller"
        words = (
            f"Against {comparator}, the change was {abs(self.difference):.1f}{self.units} "
            f"{bigger} (difference in differences {self.difference:+.1f}{self.units}, 95% "
            f"limits {self.lower:+.1f} to {self.upper:+.1f}{self.units})"
        )
        if self.significant:
            return f"{words}: more than the comparator's change alone would explain."
        return f"{words}: this could be chance or a change seen in both organisations."


def _pooled(organisation: Organisation, indicator: Indicator, start: float) -> Any:
    cells = Result.objects.filter(
        organisation=organisation,
        indicator=indicator,
        kind="category",
        breakdown="overall",
        suppressed=False,
        numerator__isnull=False,
        denominator__isnull=False,
    )
    counts = [(r.period_number, float(r.numerator or 0), float(r.denominator or 0)) for r in cells]
    before = [(x, n) for t, x, n in counts if t < start]
    after = [(x, n) for t, x, n in counts if t >= start]
    if not before or not after:
        return None
    x = np.array([sum(c[0] for c in after), sum(c[0] for c in before)], float)
    n = np.array([sum(c[1] for c in after), sum(c[1] for c in before)], float)
    return x, n, len(before), len(after)


def _difference(
    organisation: Organisation, indicator: Indicator, start: float
) -> tuple[DifferenceResult, int, int] | None:
    if indicator.type not in EVALUATED_TYPES:
        return None
    pooled = _pooled(organisation, indicator, start)
    if pooled is None:
        return None
    x, n, before_periods, after_periods = pooled
    compute = proportion_difference if indicator.type == "proportion" else rate_difference
    result = compute(x[0], n[0], x[1], n[1], multiplier=indicator.multiplier)
    return result, before_periods, after_periods


def before_after(organisation: Organisation, indicator: Indicator, start: float) -> Change | None:
    """The change in a proportion or crude rate from stored, unsuppressed overall counts; None if
    it cannot be evaluated."""
    found = _difference(organisation, indicator, start)
    return None if found is None else _change(found, indicator)


def _change(found: tuple[DifferenceResult, int, int], indicator: Indicator) -> Change:
    result, before_periods, after_periods = found
    return Change(
        before=float(result.second[0]),
        after=float(result.first[0]),
        difference=float(result.difference[0]),
        lower=float(result.lower[0]),
        upper=float(result.upper[0]),
        before_periods=before_periods,
        after_periods=after_periods,
        units=unit_words(indicator),
    )


@dataclass(frozen=True)
class Evaluation:
    """What the pilot page and a case study say about a pilot's effect."""

    evaluable: bool
    change: Change | None
    comparison: Change | None
    did: DiffInDiff | None
    method: str


def evaluate(pilot: Pilot) -> Evaluation:
    """The pilot's change, the comparator's, and the difference in differences where both exist."""
    indicator, start = pilot.indicator, pilot.start_period_number
    if indicator.type not in EVALUATED_TYPES:
        return Evaluation(False, None, None, None, "")
    own = _difference(pilot.organisation, indicator, start)
    other = _difference(pilot.comparator, indicator, start) if pilot.comparator else None
    change = _change(own, indicator) if own else None
    comparison = _change(other, indicator) if other else None
    did = None
    if own and other:
        both = difference_in_differences(own[0], other[0])
        did = DiffInDiff(
            difference=float(both.difference[0]),
            lower=float(both.lower[0]),
            upper=float(both.upper[0]),
            units=unit_words(indicator),
        )
    method = METHODS[indicator.type] + (f" {DID_METHOD}" if pilot.comparator else "")
    return Evaluation(True, change, comparison, did, method)


def results_in_words(pilot: Pilot, evaluation: Evaluation | None = None) -> str:
    """The evaluation drafted as plain sentences (for a case study or a report)."""
    evaluation = evaluation or evaluate(pilot)
    unit = pilot.indicator.unit if pilot.indicator.unit == "%" else ""
    name = pilot.indicator.name
    if not evaluation.evaluable:
        return (
            f"{name} is not a proportion or a crude rate, so Equity Hub could not evaluate the "
            "pilot automatically."
        )
    if evaluation.change is None:
        return f"There were not enough counts of {name} before and after the start to evaluate it."
    parts = [
        f"{name}, {pilot.organisation.name}, before and after the pilot started in "
        f"{pilot.start_period}: {evaluation.change.sentence(unit)}"
    ]
    if pilot.comparator and evaluation.comparison:
        parts.append(
            f"{pilot.comparator.name} (comparator): {evaluation.comparison.sentence(unit)}"
        )
    if pilot.comparator and evaluation.did:
        parts.append(evaluation.did.sentence(pilot.comparator.name))
    return " ".join(parts)
