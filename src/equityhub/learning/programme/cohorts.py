"""Cohorts the programme team can message: a set's members, a community's members and
participants, a collaborative's member organisations' teams, an event's attendees.

Each cohort says who may message it and who receives the message. Messages go through the
notification system (`programme.services`), so each person's email preferences and the
unsubscribe link in every email are honoured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from equityhub.core.models import User
from equityhub.learning.collaboratives.models import Collaborative, CollaborativeMember
from equityhub.learning.collaboratives.services import can_manage
from equityhub.learning.communities.models import Community
from equityhub.learning.events.models import Event
from equityhub.learning.permissions import can_run
from equityhub.learning.sets.models import LearningSet, SetMembership
from equityhub.people.permissions import is_administrator

CohortKind = Literal["set", "community", "collaborative", "event"]
KINDS: tuple[CohortKind, ...] = ("set", "community", "collaborative", "event")


@dataclass(frozen=True)
class Cohort:
    kind: CohortKind
    name: str
    link: str
    who: str  # "members of the set", in a sentence
    recipients: tuple[User, ...]


def _set(by: User, pk: int) -> Cohort:
    learning_set = LearningSet.objects.run_by(by).filter(pk=pk).first()
    if learning_set is None:
        raise Http404("No such set among those you facilitate")
    members = SetMembership.objects.current().filter(learning_set=learning_set)
    users = User.objects.filter(pk__in=members.values("user"), is_active=True)
    link = reverse("learning:set", kwargs={"pk": pk})
    return Cohort("set", learning_set.name, link, "members of the set", tuple(users))


def _community(by: User, pk: int) -> Cohort:
    community = Community.objects.filter(pk=pk).first()
    if community is None:
        raise Http404("No such community")
    if not can_run(by):
        raise PermissionDenied("The programme team messages a community")
    taking_part = (
        Q(community_memberships__community=community)
        | Q(threads__community=community)
        | Q(pk__in=community.threads.values("replies__author"))
        | Q(pk__in=community.threads.values("follows__user"))
    )
    users = User.objects.filter(taking_part, is_active=True).distinct()
    link = reverse("learning:community", kwargs={"pk": pk})
    who = "its members and people who started, replied to or follow its discussions"
    return Cohort("community", community.name, link, who, tuple(users))


def _collaborative(by: User, pk: int) -> Cohort:
    collaborative = Collaborative.objects.filter(pk=pk).first()
    if collaborative is None:
        raise Http404("No such collaborative")
    if not can_manage(by, collaborative):
        raise PermissionDenied("The collaborative's lead messages its members")
    organisations = CollaborativeMember.objects.filter(collaborative=collaborative)
    users = User.objects.filter(
        is_active=True,
        memberships__status="approved",
        memberships__role__in=["lead", "team_member"],
        memberships__organisation__in=organisations.values("organisation"),
    ).distinct()
    link = reverse("learning:collaborative", kwargs={"pk": pk})
    who = "leads and teams of its member organisations"
    return Cohort("collaborative", collaborative.name, link, who, tuple(users))


def _event(by: User, pk: int) -> Cohort:
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise Http404("No such event")
    if event.organiser_id != by.pk and not is_administrator(by):
        raise PermissionDenied("The organiser messages an event's attendees")
    users = User.objects.filter(
        is_active=True, event_bookings__event=event, event_bookings__status="booked"
    ).distinct()
    link = reverse("learning:event", kwargs={"pk": pk})
    return Cohort("event", event.title, link, "people booked on the event", tuple(users))


def cohort_for(by: User, kind: str, pk: int) -> Cohort:
    """The cohort, if `by` may message it (PermissionDenied, or Http404 for a hidden set)."""
    finders = {
        "set": _set,
        "community": _community,
        "collaborative": _collaborative,
        "event": _event,
    }
    if kind not in finders:
        raise Http404("No such kind of group")
    return finders[kind](by, pk)
