"""Qualitative indicators: the team records a rated judgement with its evidence for a period."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.judgements.models import Judgement, Rating
from equityhub.indicators.registry.categories import parse_period
from equityhub.indicators.registry.models import Indicator, IndicatorType
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of


@transaction.atomic
def judgement_record(
    *,
    actor: User,
    organisation: Organisation,
    indicator: Indicator,
    period: str,
    rating: int,
    evidence: str,
) -> Judgement:
    """Store one judgement; errors name the field (period, rating, evidence)."""
    if not is_team_member_of(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members record judgements.")
    if indicator.type != IndicatorType.QUALITATIVE:
        raise ValidationError("Only qualitative indicators take rated judgements.")
    parsed = parse_period(period)
    errors = {}
    if parsed is None:
        errors["period"] = f"{period!r} is not a period (use 2024, 2024-25, 2024-Q1 or 2024-03)"
    if rating not in Rating.values:
        errors["rating"] = "Choose a rating from 1 to 5"
    if len(evidence.strip()) < 20:
        errors["evidence"] = "Say what the rating rests on, in at least 20 characters"
    if errors:
        raise ValidationError(errors)
    assert parsed is not None
    judgement = Judgement.objects.create(
        organisation=organisation,
        indicator=indicator,
        period=parsed[0],
        period_number=parsed[1],
        rating=rating,
        evidence=evidence.strip(),
        recorded_by=actor,
    )
    audit_record(
        action="indicators.judgement_recorded",
        actor=actor,
        target=judgement,
        detail={"indicator": indicator.code, "period": parsed[0], "rating": rating},
    )
    return judgement


def current_judgements(organisation: Organisation, indicator: Indicator) -> list[Judgement]:
    """The latest judgement for each period, oldest period first."""
    latest: dict[str, Judgement] = {}
    for judgement in Judgement.objects.filter(
        organisation=organisation, indicator=indicator
    ).select_related("recorded_by"):
        latest.setdefault(judgement.period, judgement)
    return sorted(latest.values(), key=lambda j: j.period_number)
