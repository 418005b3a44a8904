"""Writes and reads for improvement collaboratives.

Facilitators and administrators run collaboratives. An organisation's approved lead joins
their organisation (or the collaborative's lead adds it). The team of a member organisation
records its plan-do-study-act cycles; the cycles are for the collaborative's participants
(member organisations' teams and its lead). The indicator chart reads the indicators pillar's
results as the viewer may see them: suppressed figures stay suppressed. When it ends, the lead
publishes a showcase of what changed, open to the public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.models import Indicator, Result
from equityhub.learning.collaboratives.models import Collaborative, CollaborativeMember, Cycle
from equityhub.learning.permissions import can_run
from equityhub.people.models import Organisation, Region, System
from equityhub.people.permissions import (
    is_administrator,
    is_lead_of,
    is_team_member_of,
)
from equityhub.people.selectors import NHS_KINDS


def can_manage(user: Any, collaborative: Collaborative) -> bool:
    return bool(user.is_authenticated) and (
        collaborative.lead_id == user.pk or is_administrator(user)
    )


def member_organisations(collaborative: Collaborative) -> list[Organisation]:
    return [m.organisation for m in collaborative.members.select_related("organisation")]


def my_member_organisations(user: Any, collaborative: Collaborative) -> list[Organisation]:
    return [o for o in member_organisations(collaborative) if is_team_member_of(user, o)]


def is_participant(user: Any, collaborative: Collaborative) -> bool:
    if not (user and user.is_authenticated):
        return False
    if can_manage(user, collaborative):
        return True
    return bool(my_member_organisations(user, collaborative))


@transaction.atomic
def collaborative_create(
    *,
    by: User,
    name: str,
    goal: str,
    indicator: Indicator,
    starts_on: datetime.date,
    ends_on: datetime.date,
    request: HttpRequest | None = None,
) -> Collaborative:
    if not can_run(by):
        raise PermissionDenied("Only facilitators and administrators run collaboratives")
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name"
    if not goal.strip():
        errors["goal"] = "Say what the collaborative aims to improve"
    if ends_on <= starts_on:
        errors["ends_on"] = "The collaborative must end after it starts"
    if errors:
        raise ValidationError(errors)
    collaborative = Collaborative.objects.create(
        name=name.strip(),
        goal=goal.strip(),
        indicator=indicator,
        lead=by,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_record(
        action="learning.collaborative.create", actor=by, target=collaborative, request=request
    )
    return collaborative


@transaction.atomic
def member_add(
    *,
    by: User,
    collaborative: Collaborative,
    organisation: Organisation,
    request: HttpRequest | None = None,
) -> CollaborativeMember:
    """The collaborative's lead adds an organisation, or the organisation's lead joins it."""
    if not (can_manage(by, collaborative) or is_lead_of(by, organisation)):
        raise PermissionDenied("Only the organisation's lead or the collaborative's lead can")
    if collaborative.has_ended:
        raise ValidationError("This collaborative has ended")
    if collaborative.members.filter(organisation=organisation).exists():
        raise ValidationError(f"{organisation} is already a member")
    member = CollaborativeMember.objects.create(
        collaborative=collaborative, organisation=organisation
    )
    audit_record(
        action="learning.collaborative.member",
        actor=by,
        target=collaborative,
        detail={"organisation": organisation.code},
        request=request,
    )
    return member


CYCLE_FIELDS = ("title", "plan", "do", "study", "act")


@transaction.atomic
def cycle_save(
    *,
    by: User,
    collaborative: Collaborative,
    organisation: Organisation,
    cycle: Cycle | None = None,
    request: HttpRequest | None = None,
    **texts: str,
) -> Cycle:
    """Record a new cycle, or update one, for a member organisation (by its team)."""
    if not collaborative.members.filter(organisation=organisation).exists():
        raise ValidationError("That organisation is not a member of this collaborative")
    if not is_team_member_of(by, organisation):
        raise PermissionDenied("Only the organisation's team records its cycles")
    cleaned = {name: str(texts.get(name, "")).strip() for name in CYCLE_FIELDS}
    errors = {}
    if not cleaned["title"]:
        errors["title"] = "Say what change you are testing"
    if not cleaned["plan"]:
        errors["plan"] = "Write the plan: what you will try, and what you expect"
    if errors:
        raise ValidationError(errors)
    if cycle is None:
        cycle = Cycle(collaborative=collaborative, organisation=organisation, author=by)
    elif cycle.organisation_id != organisation.pk or cycle.collaborative_id != collaborative.pk:
        raise PermissionDenied("This cycle belongs to another organisation")
    for name, value in cleaned.items():
        setattr(cycle, name, value)
    cycle.updated_at = timezone.now()
    cycle.save()
    audit_record(action="learning.collaborative.cycle", actor=by, target=cycle, request=request)
    return cycle


@transaction.atomic
def showcase_publish(
    *,
    by: User,
    collaborative: Collaborative,
    showcase: str,
    request: HttpRequest | None = None,
) -> Collaborative:
    if not can_manage(by, collaborative):
        raise PermissionDenied("Only the collaborative's lead publishes its showcase")
    if not collaborative.has_ended:
        raise ValidationError("Publish the showcase once the collaborative has ended")
    if len(showcase.strip()) < 20:
        raise ValidationError({"showcase": "Say what changed, in at least 20 characters"})
    collaborative.showcase = showcase.strip()
    collaborative.showcase_published_at = collaborative.showcase_published_at or timezone.now()
    collaborative.save(update_fields=["showcase", "showcase_published_at"])
    audit_record(
        action="learning.collaborative.showcase", actor=by, target=collaborative, request=request
    )
    return collaborative


GAP_BREAKDOWNS = ("deprivation_quintile", "deprivation_decile")  # later ones win


@dataclass
class MemberSeries:
    """One member's deprivation gap on the linked indicator, period by period."""

    organisation: Organisation
    points: list[tuple[str, Result | None]] = field(default_factory=list)

    @property
    def shown(self) -> list[tuple[int, float]]:
        return [
            (n, r.value)
            for n, (_, r) in enumerate(self.points)
            if r is not None and not r.suppressed and r.value is not None
        ]


def member_series(collaborative: Collaborative, user: Any) -> tuple[list[str], list[MemberSeries]]:
    """The periods, and each member's gap between the most and least deprived areas as this
    viewer may see it: a collaborative exists to close the gap, so its chart tracks the gap
    (by decile where a member has deciles, else by quintile), not the overall value."""
    members = member_organisations(collaborative)
    results = Result.objects.visible_to(user).filter(
        indicator=collaborative.indicator,
        organisation__in=members,
        breakdown__in=GAP_BREAKDOWNS,
        kind="gap",
    )
    ranked = sorted(results, key=lambda r: GAP_BREAKDOWNS.index(r.breakdown))
    by_key = {(r.organisation_id, r.period): r for r in ranked}
    numbers = {r.period: r.period_number for r in ranked}
    periods = sorted(numbers, key=lambda p: numbers[p])
    series = [MemberSeries(o, [(p, by_key.get((o.pk, p))) for p in periods]) for o in members]
    return periods, series


# Adding every NHS trust and ICB of a region or system to a collaborative in one step.
@transaction.atomic
def members_add_by_area(
    *,
    by: User,
    collaborative: Collaborative,
    region: Region | None = None,
    system: System | None = None,
    kind: str = "",
    request: HttpRequest | None = None,
) -> list[Organisation]:
    """Add the current trusts and ICBs (or one kind) of a system or region; the ones added."""
    if not can_manage(by, collaborative):
        raise PermissionDenied("Only the collaborative's lead adds organisations")
    if collaborative.has_ended:
        raise ValidationError("This collaborative has ended")
    if region is None and system is None:
        raise ValidationError("Choose a region or a system")
    found = Organisation.objects.current().filter(kind__in=[kind] if kind else NHS_KINDS)
    if system is not None:
        found = found.filter(system=system)
    else:
        found = found.filter(Q(region=region) | Q(system__region=region))
    already = collaborative.members.values("organisation")
    adding = list(found.exclude(pk__in=already).order_by("name"))
    if not adding:
        raise ValidationError("Every NHS organisation there is already a member")
    CollaborativeMember.objects.bulk_create(
        [CollaborativeMember(collaborative=collaborative, organisation=o) for o in adding]
    )
    audit_record(
        action="learning.collaborative.members_bulk",
        actor=by,
        target=collaborative,
        detail={"organisations": [o.code for o in adding]},
        request=request,
    )
    return adding
