"""Pilots: registering one and recording its status and learning; every step audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.pilots.models import Pilot
from equityhub.indicators.registry.categories import parse_period
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of


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
