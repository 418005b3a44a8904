"""Pilots: registering one, and evaluating it from the data before and after it started.

The evaluation pools the overall counts of the periods before the start and of the periods from
the start on, computes each proportion with Wilson limits (``equityhub.stats``), and gives the
difference (after − before) with 95% limits by the method of variance estimates recovery
(Newcombe's hybrid score interval, Zou & Donner 2008) from those Wilson limits. With a
comparator organisation its own before/after difference is shown beside it, so a change seen
everywhere is not taken for the pilot's effect.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.categories import parse_period
from equityhub.indicators.models import Indicator, Pilot, Result
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of
from equityhub.stats.indicators import proportion

METHOD = (
    "Pooled counts before and after the start; Wilson score limits for each proportion; "
    "difference with 95% limits by Newcombe's hybrid score method (MOVER)."
)


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

    @property
    def significant(self) -> bool:
        return self.lower > 0 or self.upper < 0

    def sentence(self, unit: str) -> str:
        direction = "rose" if self.difference > 0 else "fell"
        points = " percentage points" if unit == "%" else ""
        words = (
            f"The value {direction} from {self.before:.1f}{unit} to {self.after:.1f}{unit} "
            f"(difference {self.difference:+.1f}{points}, 95% limits {self.lower:+.1f} to "
            f"{self.upper:+.1f})"
        )
        if self.significant:
            return f"{words}; the change is statistically significant."
        return f"{words}; the change is not statistically significant."


def before_after(organisation: Organisation, indicator: Indicator, start: float) -> Change | None:
    """The difference for a proportion from stored, unsuppressed overall counts; None if unknown."""
    if indicator.type != "proportion":
        return None
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
    x = np.array([sum(c[0] for c in before), sum(c[0] for c in after)], float)
    n = np.array([sum(c[1] for c in before), sum(c[1] for c in after)], float)
    result = proportion(x, n, confidence=0.95, multiplier=indicator.multiplier)
    p0, p1 = (float(v) for v in result.value)
    l0, l1 = (float(v) for v in result.lower[0.95])
    u0, u1 = (float(v) for v in result.upper[0.95])
    difference = p1 - p0
    return Change(
        before=p0,
        after=p1,
        difference=difference,
        lower=difference - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2),
        upper=difference + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2),
        before_periods=len(before),
        after_periods=len(after),
    )


@transaction.atomic
def pilot_register(*, actor: User, organisation: Organisation, **fields: Any) -> Pilot:
    """Register a pilot; errors name the field."""
    if not is_team_member_of(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members register pilots.")
    parsed = parse_period(fields.get("start_period", ""))
    if parsed is None:
        raise ValidationError(
            {"start_period": "Give the first period it ran in, such as 2025-Q3 or 2025-26"}
        )
    if fields.get("comparator") == organisation:
        raise ValidationError({"comparator": "The comparator must be another organisation"})
    pilot = Pilot.objects.create(
        organisation=organisation,
        created_by=actor,
        **{**fields, "start_period": parsed[0]},
        start_period_number=parsed[1],
    )
    audit_record(action="indicators.pilot_registered", actor=actor, target=pilot)
    return pilot


@transaction.atomic
def pilot_update(*, actor: User, pilot: Pilot, status: str, learning: str) -> Pilot:
    if not is_team_member_of(actor, pilot.organisation):
        raise PermissionDenied("Only the organisation's lead and team members update pilots.")
    pilot.status, pilot.learning = status, learning.strip()
    pilot.save(update_fields=["status", "learning"])
    audit_record(
        action="indicators.pilot_updated", actor=actor, target=pilot, detail={"status": status}
    )
    return pilot
