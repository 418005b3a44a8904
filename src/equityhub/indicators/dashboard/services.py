"""Adopting indicators, naming owners and setting targets."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.dashboard.models import Adoption, TargetMeasure
from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Membership, Organisation
from equityhub.people.permissions import is_team_member_of


def _check_team(actor: Any, organisation: Organisation) -> None:
    if not is_team_member_of(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's lead and team members choose its indicators."
        )


@transaction.atomic
def adoption_save(
    *,
    actor: User,
    organisation: Organisation,
    indicator: Indicator,
    owner: User | None = None,
    target_measure: str = TargetMeasure.VALUE,
    target_value: float | None = None,
    target_date: datetime.date | None = None,
    target_text: str = "",
) -> Adoption:
    """Adopt an indicator (or update the adoption): owner, target and target date."""
    _check_team(actor, organisation)
    if indicator.owner_organisation_id not in (None, organisation.pk):
        raise ValidationError({"indicator": "That local indicator belongs to another organisation"})
    if target_measure not in TargetMeasure.values:
        raise ValidationError({"target_measure": "Choose what the target is about"})
    if (target_value is None) != (target_date is None):
        raise ValidationError({"target_date": "A target needs both a value and a date"})
    if (
        owner is not None
        and not Membership.objects.approved().filter(user=owner, organisation=organisation).exists()
    ):
        raise ValidationError({"owner": "The owner must have an approved role in the organisation"})
    adoption, created = Adoption.objects.update_or_create(
        organisation=organisation,
        indicator=indicator,
        defaults={
            "owner": owner,
            "target_measure": target_measure,
            "target_value": target_value,
            "target_date": target_date,
            "target_text": target_text,
        },
    )
    audit_record(
        action="indicators.adopted" if created else "indicators.adoption_changed",
        actor=actor,
        target=adoption,
        detail={
            "target_value": target_value,
            "target_measure": target_measure,
            "target_date": str(target_date or ""),
        },
    )
    return adoption


@transaction.atomic
def adoption_remove(*, actor: User, adoption: Adoption) -> None:
    _check_team(actor, adoption.organisation)
    audit_record(action="indicators.adoption_removed", actor=actor, target=adoption)
    adoption.delete()
