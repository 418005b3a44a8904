"""What learning offers a person next: upcoming events and explained buddy suggestions."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from equityhub.learning.models import Booking, Buddying, BuddyProfile, Event
from equityhub.learning.offers import suggest_buddies, upcoming_events
from equityhub.people.models import Interest, Organisation, Profile, Region, System

pytestmark = pytest.mark.django_db


def make_event(organiser: Any, title: str, days: float, **fields: Any) -> Event:
    start = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=title,
        summary="About it",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        organiser=organiser,
        **fields,
    )


def test_upcoming_events_puts_my_bookings_first_then_the_soonest(
    make_user: Callable[..., Any],
) -> None:
    organiser, me = make_user(), make_user()
    make_event(organiser, "Past", -3)
    make_event(organiser, "Cancelled", 1, status="cancelled")
    soon = make_event(organiser, "Soon", 2)
    later = make_event(organiser, "Later", 5)
    booked = make_event(organiser, "Booked", 9)
    make_event(organiser, "Much later", 20)
    Booking.objects.create(event=booked, user=me, status="booked")
    Booking.objects.create(event=later, user=organiser, status="booked")
    assert upcoming_events(me) == [booked, soon, later]
    assert upcoming_events(me, limit=1) == [booked]
    assert upcoming_events(organiser, limit=2) == [later, soon]


def test_nothing_is_offered_to_someone_not_signed_in(make_user: Callable[..., Any]) -> None:
    make_event(make_user(), "Soon", 2)
    assert upcoming_events(AnonymousUser()) == []
    assert suggest_buddies(AnonymousUser()) == []


@pytest.fixture
def places() -> dict[str, Organisation]:
    north = Region.objects.create(code="Y1", name="North West")
    london = Region.objects.create(code="Y2", name="London")
    system_a = System.objects.create(code="QA", name="System A", region=north)
    system_l = System.objects.create(code="QL", name="System L", region=london)
    return {
        "north": Organisation.objects.create(code="RA1", name="A", kind="trust", system=system_a),
        "london": Organisation.objects.create(code="RL1", name="L", kind="trust", system=system_l),
    }


def buddy(user: Any, organisation: Organisation, *interests: str, **fields: Any) -> Any:
    Profile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    fields.setdefault("stage", "experienced")
    fields.setdefault("background", "finance")
    profile = BuddyProfile.objects.create(user=user, **fields)
    profile.interests.set([Interest.objects.get_or_create(name=name)[0] for name in interests])
    return user


def test_suggestions_are_explained_and_ordered_by_fit(
    make_user: Callable[..., Any], places: dict[str, Organisation]
) -> None:
    me = buddy(make_user(), places["north"], "Housing", stage="new", distance="nearby")
    best = buddy(make_user(full_name="Bea Best"), places["north"], "Housing")
    good = buddy(make_user(full_name="Gil Good"), places["london"])
    buddy(make_user(full_name="Nell New"), places["london"], stage="new", background="finance")
    buddy(make_user(full_name="Ollie Optout"), places["north"], "Housing", opted_in=False)
    make_user(full_name="Nobody Noprofile")
    suggestions = suggest_buddies(me)
    assert [s.person for s in suggestions] == [best, good]
    assert suggestions[0].reasons == [
        "You are new in role and they are experienced",
        "You share an interest in Housing",
        "Nearby: you both work in System A",
    ]
    assert suggestions[1].reasons == ["You are new in role and they are experienced"]
    assert suggest_buddies(me, limit=1)[0].person == best


def test_people_already_paired_are_not_suggested_again(
    make_user: Callable[..., Any], places: dict[str, Organisation]
) -> None:
    me = buddy(make_user(), places["north"], stage="new")
    paired = buddy(make_user(), places["north"])
    ended = buddy(make_user(), places["north"])
    Buddying.objects.create(proposer=paired, partner=me, status="proposed")
    Buddying.objects.create(proposer=me, partner=ended, status="ended")
    assert [s.person for s in suggest_buddies(me)] == [ended]


def test_without_a_buddy_profile_the_directory_entry_is_used(
    make_user: Callable[..., Any], places: dict[str, Organisation]
) -> None:
    me = make_user()
    profile = Profile.objects.create(
        user=me,
        organisation=places["london"],
        appointed_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    profile.interests.set([Interest.objects.create(name="Maternity")])
    mentor = buddy(make_user(), places["north"], "Maternity")
    suggestions = suggest_buddies(me)
    assert [s.person for s in suggestions] == [mentor]
    assert suggestions[0].reasons == [
        "You are new in role and they are experienced",
        "You share an interest in Maternity",
    ]
