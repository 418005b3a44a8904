"""Reads behind the home page's work queue: the lead's next meeting and overdue actions, and the
facilitator's sets needing a date, overdue actions across sets and unmatched buddy requests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from equityhub.learning.buddying.models import Buddying, BuddyProfile, Stage
from equityhub.learning.sets.models import Action, LearningSet, Meeting, SetStatus


@dataclass(frozen=True)
class OverdueAction:
    """An open action whose review was due at a meeting that has already happened."""

    action: Action
    due_on: datetime.date
    days_overdue: int


def overdue(actions: Any, *, now: datetime.datetime | None = None) -> list[OverdueAction]:
    """Actions are due at the set's first meeting after the one where they were agreed; an
    action still open once that meeting has started is overdue. Most overdue first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    found = []
    for action in actions.select_related("presentation__meeting"):
        agreed_at = action.presentation.meeting
        due = (
            Meeting.objects.filter(learning_set_id=agreed_at.learning_set_id)
            .filter(starts_at__gt=agreed_at.starts_at, starts_at__lte=now)
            .order_by("starts_at")
            .first()
        )
        if due is not None:
            due_on = timezone.localdate(due.starts_at)
            found.append(OverdueAction(action, due_on, (today - due_on).days))
    return sorted(found, key=lambda o: (-o.days_overdue, o.action.pk))


def my_overdue_actions(user: Any) -> list[OverdueAction]:
    sets = LearningSet.objects.visible_to(user).values("pk")
    actions = Action.objects.of_presenter(user).open()
    return overdue(actions.filter(presentation__meeting__learning_set__in=sets))


def actions_due_at(meeting: Meeting, user: Any) -> int:
    """How many of this person's open actions in the meeting's set it will review."""
    return (
        Action.objects.of_presenter(user)
        .open()
        .filter(presentation__meeting__learning_set_id=meeting.learning_set_id)
        .filter(presentation__meeting__starts_at__lt=meeting.starts_at)
        .count()
    )


def facilitated_sets(user: Any) -> Any:
    return LearningSet.objects.run_by(user).exclude(status=SetStatus.CLOSED)


def sets_needing_a_date(user: Any) -> list[LearningSet]:
    """Sets this person facilitates that have no meeting to come."""
    upcoming = Meeting.objects.filter(learning_set=OuterRef("pk"), ends_at__gt=timezone.now())
    return list(facilitated_sets(user).filter(~Exists(upcoming)).order_by("name"))


def overdue_across_sets(user: Any) -> list[OverdueAction]:
    sets = facilitated_sets(user).values("pk")
    return overdue(Action.objects.open().filter(presentation__meeting__learning_set__in=sets))


def unmatched_buddy_requests() -> list[BuddyProfile]:
    """New leads who asked for a buddy and are in no pairing that is proposed or running."""
    paired = Buddying.objects.filter(
        Q(proposer=OuterRef("user")) | Q(partner=OuterRef("user")),
        status__in=["proposed", "active"],
    )
    waiting = BuddyProfile.objects.filter(stage=Stage.NEW, opted_in=True).filter(~Exists(paired))
    return list(waiting.select_related("user").order_by("updated_at"))
