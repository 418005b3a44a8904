"""A buddy request with no match never ends silently: the person is told which criteria ruled
everyone out, can widen them, and (new leads) sees their request waiting in the programme
team's queue, which the facilitators' home page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from equityhub.learning.buddying import no_match as buddy_no_match
from equityhub.learning.home import selectors as selectors_week
from equityhub.learning.models import BuddyProfile
from equityhub.people.models import Organisation, Profile, Region, System

pytestmark = pytest.mark.django_db


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


def buddy(user: Any, organisation: Organisation, **fields: Any) -> Any:
    Profile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    fields.setdefault("background", "finance")
    BuddyProfile.objects.create(user=user, **fields)
    return user


def test_no_experienced_lead_is_named_as_the_failed_criterion_and_the_request_is_queued(
    make_user: Callable[..., Any], places: dict[str, Organisation], client: Client
) -> None:
    me = buddy(make_user(), places["north"], stage="new", distance="nearby")
    buddy(make_user(), places["london"], stage="new")
    found = buddy_no_match.explain(me)
    assert found is not None
    assert any("experienced" in reason for reason in found.failed)
    assert found.can_widen and not found.widening_helps
    assert "programme team's queue" in found.state
    assert me in [p.user for p in selectors_week.unmatched_buddy_requests()]
    client.force_login(me)
    html = client.get("/learning/buddies/").content.decode()
    assert 'id="no-match"' in html and "none of the 1 people who opted in is" in html
    assert "programme team" in html and "Widen my search" in html


def test_asking_for_far_away_when_everyone_is_near_can_be_widened(
    make_user: Callable[..., Any], places: dict[str, Organisation], client: Client
) -> None:
    me = buddy(make_user(), places["north"], stage="peer", distance="far")
    buddy(make_user(), places["north"], stage="peer")
    found = buddy_no_match.explain(me)
    assert found is not None and found.widening_helps
    assert any("far away" in reason for reason in found.failed)
    client.force_login(me)
    response = client.post("/learning/buddies/widen/")
    assert response.status_code == 302
    assert BuddyProfile.objects.get(user=me).distance == "either"
    assert buddy_no_match.explain(me) is None  # someone is suggested now


def test_nothing_to_explain_when_someone_suits(
    make_user: Callable[..., Any], places: dict[str, Organisation]
) -> None:
    me = buddy(make_user(), places["north"], stage="new")
    buddy(make_user(), places["london"], stage="experienced")
    assert buddy_no_match.explain(me) is None
