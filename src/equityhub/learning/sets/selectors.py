"""Reads across a set's records, always starting from what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.sets.models import (
    Action,
    BreakGlassGrant,
    LearningSet,
    Meeting,
    MemberStatus,
    Presentation,
    SetMembership,
)


@dataclass(frozen=True)
class SetAccess:
    """A set as one person sees it, and why they may see it."""

    learning_set: LearningSet
    role: str  # "facilitator", "co_facilitator", "member" or "break_glass"
    grant: BreakGlassGrant | None = None

    @property
    def is_facilitator(self) -> bool:
        """The facilitator or a co-facilitator: they run the set together."""
        return self.role in ("facilitator", "co_facilitator")

    @property
    def is_lead_facilitator(self) -> bool:
        """The set's own facilitator, who alone chooses co-facilitators."""
        return self.role == "facilitator"

    @property
    def is_member(self) -> bool:
        return self.role == "member"

    @property
    def read_only(self) -> bool:
        return self.role == "break_glass"


def active_grant(user: Any, learning_set: LearningSet) -> BreakGlassGrant | None:
    if not (user.is_authenticated and user.is_superuser):
        return None
    return (
        BreakGlassGrant.objects.filter(
            learning_set=learning_set, administrator=user, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def set_access(user: Any, pk: int) -> SetAccess:
    """The set if this person may see inside it; 404 otherwise (its existence stays hidden)."""
    learning_set = LearningSet.objects.readable_by(user).filter(pk=pk).first()
    if learning_set is None:
        raise Http404("No such learning set")
    if learning_set.facilitator_id == user.pk:
        return SetAccess(learning_set, "facilitator")
    if learning_set.is_run_by(user):
        return SetAccess(learning_set, "co_facilitator")
    if SetMembership.objects.current().filter(learning_set=learning_set, user=user).exists():
        return SetAccess(learning_set, "member")
    grant = active_grant(user, learning_set)
    if grant is None:  # pragma: no cover - readable_by already checked
        raise Http404("No such learning set")
    return SetAccess(learning_set, "break_glass", grant)


def discoverable_set(user: Any, pk: int) -> LearningSet:
    """A set whose name and purpose this person may read (to apply or answer an invitation)."""
    learning_set = LearningSet.objects.discoverable_to(user).filter(pk=pk).first()
    if learning_set is None:
        raise Http404("No such learning set")
    return learning_set


def members_of(learning_set: LearningSet) -> list[SetMembership]:
    return list(
        SetMembership.objects.current().filter(learning_set=learning_set).select_related("user")
    )


def membership_of(user: Any, learning_set: LearningSet) -> SetMembership | None:
    if not user.is_authenticated:
        return None
    return SetMembership.objects.filter(learning_set=learning_set, user=user).first()


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(learning_set=meeting.learning_set, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def actions_to_review(meeting: Meeting) -> list[Action]:
    """The actions committed at the previous meeting: this meeting opens by reviewing them."""
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    actions = Action.objects.filter(presentation__meeting=previous)
    return list(actions.select_related("presentation__presenter"))


def presentations_of(meeting: Meeting) -> list[Presentation]:
    presentations = meeting.presentations.select_related("presenter").prefetch_related("actions")
    return list(presentations)


def next_meetings_for(user: User, *, limit: int = 5) -> list[Meeting]:
    meetings = Meeting.objects.visible_to(user).upcoming().select_related("learning_set")
    return list(meetings[:limit])


def open_actions_for(user: User) -> list[Action]:
    """Your actions not yet reviewed as done or dropped, in sets you are still in."""
    sets = LearningSet.objects.visible_to(user).values("pk")
    actions = Action.objects.of_presenter(user).open()
    actions = actions.filter(presentation__meeting__learning_set__in=sets)
    return list(actions.select_related("presentation__meeting__learning_set"))


def sets_of(user: User) -> list[LearningSet]:
    return list(LearningSet.objects.visible_to(user).select_related("facilitator"))


def pending_for(user: User) -> list[SetMembership]:
    """Your invitations, applications and waiting-list places."""
    statuses = [MemberStatus.INVITED, MemberStatus.APPLIED, MemberStatus.WAITING]
    memberships = SetMembership.objects.filter(user=user, status__in=statuses)
    return list(memberships.select_related("learning_set"))


def open_sets_for(user: User) -> list[LearningSet]:
    """Open sets this person is not yet part of."""
    mine = SetMembership.objects.filter(user=user).exclude(status=MemberStatus.LEFT)
    sets = LearningSet.objects.open_to_apply().exclude(pk__in=LearningSet.objects.run_by(user))
    return list(sets.exclude(pk__in=mine.values("learning_set")))
