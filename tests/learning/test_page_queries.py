"""Learning's main pages make the same number of queries for two rows as for ten."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from equityhub.learning.models import (
    Booking,
    Buddying,
    Community,
    Event,
    ExchangeListing,
    GroupMembership,
    LearningSet,
    Reply,
    SetMembership,
    StudyGroup,
    Thread,
    Visit,
)
from equityhub.people.models import Membership, Organisation
from tests.learning.conftest import hours_from_now
from tests.queries import assert_queries_do_not_grow, page

pytestmark = pytest.mark.django_db
_n = itertools.count(1)
Grow = Callable[[int], object]


@pytest.fixture
def colleague(make_user: Callable[..., Any], organisation: Organisation) -> Callable[[], Any]:
    """A new person with an organisation, as most people on these pages have."""

    def make() -> Any:
        n = next(_n)
        place = Organisation.objects.create(
            code=f"RQ{n:03}", name=f"Trust {n}", kind="trust", system=organisation.system
        )
        user = make_user(full_name=f"Colleague {n}")
        Membership.objects.create(user=user, organisation=place, role="lead", status="approved")
        return user

    return make


def _grow(make: Callable[[], object], times: int = 8) -> Callable[[], object]:
    return lambda: [make() for _ in range(times)]


def test_sets_index(
    people: dict[str, Any], learning_set: LearningSet, client_for: Any, colleague: Any
) -> None:
    def new_set() -> None:
        other = LearningSet.objects.create(
            name=f"Set {next(_n)}", purpose="p", facilitator=people["facilitator"]
        )
        SetMembership.objects.create(learning_set=other, user=colleague(), status="member")
        SetMembership.objects.create(learning_set=other, user=people["member"], status="member")

    load = page(client_for(people["member"]), reverse("learning:index"))
    assert_queries_do_not_grow(load, _grow(new_set, 4))


@pytest.mark.parametrize(
    ("name", "viewer"),
    [
        ("learning:set", "facilitator"),
        ("learning:set", "member"),
        ("learning:set-members", "facilitator"),
    ],
)
def test_set_pages_with_more_members(
    people: dict[str, Any],
    learning_set: LearningSet,
    client_for: Any,
    colleague: Any,
    name: str,
    viewer: str,
) -> None:
    learning_set.size_cap = 30
    learning_set.save()

    def new_member() -> None:
        SetMembership.objects.create(learning_set=learning_set, user=colleague(), status="member")
        SetMembership.objects.create(learning_set=learning_set, user=colleague(), status="applied")

    url = reverse(name, kwargs={"pk": learning_set.pk})
    assert_queries_do_not_grow(page(client_for(people[viewer]), url), _grow(new_member))


def test_communities_and_threads(people: dict[str, Any], client_for: Any, colleague: Any) -> None:
    community = Community.objects.create(name="Anchor institutions", description="d")
    thread = Thread.objects.create(community=community, author=colleague(), title="t", body="b")
    client = client_for(people["member"])

    def new_thread() -> None:
        other = Thread.objects.create(community=community, author=colleague(), title="t", body="b")
        Reply.objects.create(thread=other, author=colleague(), body="r")

    def new_community() -> None:
        Community.objects.create(name=f"Community {next(_n)}", description="d")

    def new_reply() -> None:
        Reply.objects.create(thread=thread, author=colleague(), body="r")

    assert_queries_do_not_grow(page(client, reverse("learning:communities")), _grow(new_community))
    assert_queries_do_not_grow(
        page(client, reverse("learning:community", kwargs={"pk": community.pk})),
        _grow(new_thread),
    )
    assert_queries_do_not_grow(
        page(client, reverse("learning:thread", kwargs={"pk": thread.pk})), _grow(new_reply)
    )


def test_events(people: dict[str, Any], client_for: Any, colleague: Any) -> None:
    def new_event() -> Event:
        return Event.objects.create(
            title=f"Webinar {next(_n)}",
            summary="s",
            starts_at=hours_from_now(48),
            ends_at=hours_from_now(49),
            organiser=people["facilitator"],
        )

    event = new_event()

    def new_booking() -> None:
        Booking.objects.create(event=event, user=colleague(), status="booked")

    for viewer in ("member", "facilitator"):
        client = client_for(people[viewer])
        assert_queries_do_not_grow(page(client, reverse("learning:events")), _grow(new_event))
        assert_queries_do_not_grow(
            page(client, reverse("learning:event", kwargs={"pk": event.pk})),
            _grow(new_booking),
        )
    assert_queries_do_not_grow(
        page(
            client_for(people["facilitator"]),
            reverse("learning:event-attendance", kwargs={"pk": event.pk}),
        ),
        _grow(new_booking),
    )


def test_study_groups(people: dict[str, Any], client_for: Any, colleague: Any) -> None:
    def new_group() -> StudyGroup:
        group = StudyGroup.objects.create(
            name=f"Group {next(_n)}", description="d", leader=colleague()
        )
        GroupMembership.objects.create(group=group, user=colleague())
        return group

    group = new_group()

    def new_member() -> None:
        GroupMembership.objects.create(group=group, user=colleague())

    client = client_for(people["member"])
    assert_queries_do_not_grow(page(client, reverse("learning:groups")), _grow(new_group))
    assert_queries_do_not_grow(
        page(client, reverse("learning:group", kwargs={"pk": group.pk})), _grow(new_member)
    )


def test_visits_buddies_and_programme(
    people: dict[str, Any], learning_set: LearningSet, client_for: Any, colleague: Any
) -> None:
    def new_listing() -> None:
        listing = ExchangeListing.objects.create(
            kind="offer", author=colleague(), title="Visit our discharge hub", description="d"
        )
        Visit.objects.create(
            listing=listing,
            host=listing.author,
            visitor=people["member"],
            asked_by=people["member"],
        )

    def new_pair() -> None:
        Buddying.objects.create(proposer=colleague(), partner=colleague(), status="active")
        Buddying.objects.create(proposer=colleague(), partner=people["member"])

    def new_member() -> None:
        SetMembership.objects.create(learning_set=learning_set, user=colleague(), status="member")

    member = client_for(people["member"])
    facilitator = client_for(people["facilitator"])
    assert_queries_do_not_grow(page(member, reverse("learning:visits")), _grow(new_listing))
    assert_queries_do_not_grow(page(member, reverse("learning:buddies")), _grow(new_pair, 4))
    for name in ("learning:buddy-pairs", "learning:programme", "learning:collaboratives"):
        assert_queries_do_not_grow(page(facilitator, reverse(name)), _grow(new_pair, 4))
    assert_queries_do_not_grow(page(facilitator, reverse("learning:programme")), _grow(new_member))


def test_the_sets_api(
    people: dict[str, Any], learning_set: LearningSet, client_for: Any, colleague: Any
) -> None:
    def new_set() -> None:
        other = LearningSet.objects.create(
            name=f"Set {next(_n)}", purpose="p", facilitator=colleague()
        )
        SetMembership.objects.create(learning_set=other, user=people["member"], status="member")

    def new_member() -> None:
        SetMembership.objects.create(learning_set=learning_set, user=colleague(), status="member")

    client = client_for(people["member"])
    assert_queries_do_not_grow(page(client, "/api/learning/sets"), _grow(new_set, 4))
    url = f"/api/learning/sets/{learning_set.pk}"
    assert_queries_do_not_grow(page(client, url), _grow(new_member, 4))
