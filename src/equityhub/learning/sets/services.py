"""Writes for learning sets: creating and running a set, its members, break-glass access.

Meetings, presenters, actions and attendance are in `meetings.services`; break-glass
access in `sets.break_glass`. Every service takes
keyword arguments, checks who is acting, validates, and writes an audit line.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.sets import scope as set_scope
from equityhub.learning.sets.models import (
    LearningSet,
    MemberStatus,
    Scope,
    SetMembership,
    SetStatus,
)
from equityhub.people.models import Place, Region, System
from equityhub.people.permissions import is_facilitator

SETS_KIND = "learning.sets"
register_notification_kind(SETS_KIND, "Learning sets: invitations, places and meetings")

SIZE_CAP_RANGE = (2, 12)
RETENTION_RANGE = (1, 120)
ACTIVE_STATUSES = (
    MemberStatus.APPLIED,
    MemberStatus.INVITED,
    MemberStatus.MEMBER,
    MemberStatus.WAITING,
)


def set_link(learning_set: LearningSet) -> str:
    return reverse("learning:set", kwargs={"pk": learning_set.pk})


def tell(recipients: list[User], title: str, link: str = "", body: str = "") -> None:
    """Notify people about a set. Titles name the set, never what is said inside it."""
    notify(recipients=recipients, kind=SETS_KIND, title=title, body=body, link=link)


def require_facilitator_of(user: User, learning_set: LearningSet) -> None:
    """The one check of who runs a set: its facilitator or a co-facilitator."""
    if not learning_set.is_run_by(user):
        raise PermissionDenied("Only the set's facilitators can do this")


def require_member_of(user: User, learning_set: LearningSet) -> None:
    if not SetMembership.objects.current().filter(learning_set=learning_set, user=user).exists():
        raise PermissionDenied("Only members of the set can do this")


def _check_set_fields(
    *,
    name: str,
    scope: str,
    region: Region | None,
    system: System | None,
    place: Place | None,
    size_cap: int,
    retention_months: int,
) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter a name for the set"
    if scope not in Scope.values:
        errors["scope"] = "Choose who the set is for"
    areas: dict[str, tuple[str, object]] = {
        Scope.REGION: ("region", region),
        Scope.SYSTEM: ("system", system),
        Scope.PLACE: ("place", place),
    }
    needed = areas.get(scope)
    if needed is not None and needed[1] is None:
        errors[needed[0]] = f"Choose the {needed[0]} the set is for"
    low, high = SIZE_CAP_RANGE
    if not low <= size_cap <= high:
        errors["size_cap"] = f"A set has between {low} and {high} members"
    low, high = RETENTION_RANGE
    if not low <= retention_months <= high:
        errors["retention_months"] = f"Keep notes for between {low} and {high} months"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_create(
    *,
    facilitator: User,
    name: str,
    purpose: str,
    scope: str = Scope.NATIONAL,
    region: Region | None = None,
    system: System | None = None,
    place: Place | None = None,
    size_cap: int = 8,
    retention_months: int = 12,
    request: HttpRequest | None = None,
) -> LearningSet:
    """A facilitator sets up a set, open to applications."""
    if not is_facilitator(facilitator):
        raise PermissionDenied("Only facilitators set up learning sets")
    _check_set_fields(
        name=name,
        scope=scope,
        region=region,
        system=system,
        place=place,
        size_cap=size_cap,
        retention_months=retention_months,
    )
    learning_set = LearningSet.objects.create(
        facilitator=facilitator,
        name=name.strip(),
        purpose=purpose.strip(),
        scope=scope,
        region=region if scope == Scope.REGION else None,
        system=system if scope == Scope.SYSTEM else None,
        place=place if scope == Scope.PLACE else None,
        size_cap=size_cap,
        retention_months=retention_months,
    )
    audit_record(
        action="learning.set.create", actor=facilitator, target=learning_set, request=request
    )
    return learning_set


@transaction.atomic
def set_update(
    *, by: User, learning_set: LearningSet, request: HttpRequest | None = None, **fields: Any
) -> LearningSet:
    """The facilitator changes the set's details, size or status (closing starts retention)."""
    require_facilitator_of(by, learning_set)
    learning_set = LearningSet.objects.select_for_update().get(pk=learning_set.pk)
    if learning_set.status == SetStatus.CLOSED:
        raise ValidationError("This set has closed and can no longer be changed")
    allowed = {
        "name",
        "purpose",
        "scope",
        "region",
        "system",
        "place",
        "size_cap",
        "retention_months",
        "status",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown set fields: {sorted(unknown)}")
    merged = {name: fields.get(name, getattr(learning_set, name)) for name in allowed}
    if merged["status"] not in SetStatus.values:
        raise ValidationError({"status": "Choose a status"})
    current = SetMembership.objects.current().filter(learning_set=learning_set).count()
    if merged["size_cap"] < current:
        raise ValidationError(
            {"size_cap": f"The set has {current} members: the limit cannot be lower"}
        )
    _check_set_fields(**{k: merged[k] for k in allowed - {"purpose", "status"}})
    for name, value in merged.items():
        setattr(learning_set, name, value.strip() if isinstance(value, str) else value)
    if learning_set.status == SetStatus.CLOSED:
        learning_set.closed_at = timezone.now()
    learning_set.save()
    audit_record(
        action="learning.set.update",
        actor=by,
        target=learning_set,
        detail={"fields": sorted(fields)},
        request=request,
    )
    _fill_from_waiting_list(learning_set)
    return learning_set


# Members ---------------------------------------------------------------------------------------


ALREADY = {
    MemberStatus.APPLIED: "has already applied",
    MemberStatus.INVITED: "has already been invited",
    MemberStatus.MEMBER: "is already a member",
    MemberStatus.WAITING: "is already on the waiting list",
}
ALREADY_YOU = {
    MemberStatus.APPLIED: "You have already applied",
    MemberStatus.INVITED: "You have already been invited: answer the invitation",
    MemberStatus.MEMBER: "You are already a member",
    MemberStatus.WAITING: "You are already on the waiting list",
}


def _existing(learning_set: LearningSet, user: User) -> SetMembership | None:
    return SetMembership.objects.filter(learning_set=learning_set, user=user).first()


def _admit(membership: SetMembership) -> SetMembership:
    """Make someone a member if there is room, or put them on the waiting list."""
    learning_set = LearningSet.objects.select_for_update().get(pk=membership.learning_set_id)
    members = SetMembership.objects.current().filter(learning_set=learning_set).count()
    room = members < learning_set.size_cap
    membership.status = MemberStatus.MEMBER if room else MemberStatus.WAITING
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    if room:
        tell([membership.user], f"You are a member of {learning_set}", set_link(learning_set))
    else:
        tell(
            [membership.user],
            f"You are on the waiting list for {learning_set}",
            reverse("learning:index"),
        )
    return membership


def _fill_from_waiting_list(learning_set: LearningSet) -> None:
    """Offer free places to the people waiting longest."""
    if learning_set.status == SetStatus.CLOSED:
        return
    members = SetMembership.objects.current().filter(learning_set=learning_set).count()
    free = max(learning_set.size_cap - members, 0)
    for membership in SetMembership.objects.waiting().filter(learning_set=learning_set)[:free]:
        _admit(membership)
        audit_record(
            action="learning.member.from_waiting_list", target=membership, actor_label="system"
        )


@transaction.atomic
def membership_apply(
    *, user: User, learning_set: LearningSet, message: str = "", request: HttpRequest | None = None
) -> SetMembership:
    """Ask to join an open set. The facilitator decides."""
    if learning_set.status != SetStatus.OPEN:
        raise ValidationError("This set is not taking applications")
    if learning_set.is_run_by(user):
        raise ValidationError("You facilitate this set")
    existing = _existing(learning_set, user)
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise ValidationError(ALREADY_YOU[MemberStatus(existing.status)])
    if not set_scope.in_scope(user, learning_set):
        raise ValidationError(set_scope.outside_scope_message(learning_set))
    membership = existing or SetMembership(learning_set=learning_set, user=user)
    membership.status = MemberStatus.APPLIED
    membership.message = message.strip()[:500]
    membership.created_at = timezone.now()
    membership.save()
    audit_record(action="learning.member.apply", actor=user, target=learning_set, request=request)
    link = reverse("learning:set-members", kwargs={"pk": learning_set.pk})
    tell(learning_set.facilitators(), f"{user} asked to join {learning_set}", link)
    return membership


@transaction.atomic
def membership_invite(
    *, by: User, learning_set: LearningSet, user: User, request: HttpRequest | None = None
) -> SetMembership:
    """The facilitator invites someone; they accept or decline."""
    require_facilitator_of(by, learning_set)
    if learning_set.status == SetStatus.CLOSED:
        raise ValidationError("This set has closed")
    if learning_set.is_run_by(user):
        raise ValidationError({"email": f"{user} facilitates this set"})
    if not user.is_active:
        raise ValidationError({"email": "This account is not active"})
    existing = _existing(learning_set, user)
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise ValidationError({"email": f"{user} {ALREADY[MemberStatus(existing.status)]}"})
    membership = existing or SetMembership(learning_set=learning_set, user=user)
    membership.status = MemberStatus.INVITED
    membership.created_at = timezone.now()
    membership.save()
    audit_record(
        action="learning.member.invite",
        actor=by,
        target=learning_set,
        detail={"user": user.email},
        request=request,
    )
    tell(
        [user],
        f"You are invited to join the learning set {learning_set}",
        reverse("learning:set-join", kwargs={"pk": learning_set.pk}),
    )
    return membership


@transaction.atomic
def invitation_respond(
    *, user: User, learning_set: LearningSet, accept: bool, request: HttpRequest | None = None
) -> SetMembership:
    """An invited person accepts (member, or waiting list when full) or declines."""
    membership = _existing(learning_set, user)
    if membership is None or membership.status != MemberStatus.INVITED:
        raise ValidationError("You have no open invitation to this set")
    if accept:
        _admit(membership)
    else:
        membership.status = MemberStatus.LEFT
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
    audit_record(
        action="learning.member.respond",
        actor=user,
        target=learning_set,
        detail={"accepted": accept},
        request=request,
    )
    return membership


@transaction.atomic
def application_decide(
    *, by: User, membership: SetMembership, accept: bool, request: HttpRequest | None = None
) -> SetMembership:
    """The facilitator accepts an application (member, or waiting list when full) or not."""
    require_facilitator_of(by, membership.learning_set)
    membership = SetMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MemberStatus.APPLIED:
        raise ValidationError("This application has already been decided")
    if accept:
        _admit(membership)
    else:
        membership.status = MemberStatus.LEFT
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        tell(
            [membership.user],
            f"Your application to {membership.learning_set} was not accepted",
            reverse("learning:index"),
        )
    audit_record(
        action="learning.member.decide",
        actor=by,
        target=membership.learning_set,
        detail={"user": membership.user.email, "accepted": accept},
        request=request,
    )
    return membership


@transaction.atomic
def membership_end(
    *, by: User, membership: SetMembership, request: HttpRequest | None = None
) -> SetMembership:
    """A person leaves (or the facilitator removes them); the first person waiting comes in."""
    learning_set = membership.learning_set
    if membership.user_id != by.pk:
        require_facilitator_of(by, learning_set)
    if membership.status == MemberStatus.LEFT:
        raise ValidationError("This person has already left the set")
    membership.status = MemberStatus.LEFT
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    audit_record(
        action="learning.member.leave",
        actor=by,
        target=learning_set,
        detail={"user": membership.user.email},
        request=request,
    )
    _fill_from_waiting_list(learning_set)
    return membership
