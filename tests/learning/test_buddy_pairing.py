"""Buddy pairs arranged by the programme team: both people accept before it starts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.learning.buddying.services import awaits_answer_from, buddy_answer, buddy_arrange
from equityhub.learning.models import Buddying, BuddyProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_to_buddying(people: dict[str, Any]) -> dict[str, Any]:
    BuddyProfile.objects.create(user=people["member"], stage="new", background="finance")
    BuddyProfile.objects.create(
        user=people["other_member"], stage="experienced", background="clinical"
    )
    return people


def test_both_must_accept_before_the_pairing_starts(open_to_buddying: dict[str, Any]) -> None:
    people = open_to_buddying
    pair = buddy_arrange(
        by=people["facilitator"], one=people["member"], other=people["other_member"],
        reason="Both work on elective waits",
    )  # fmt: skip
    assert pair.reasons == ["Both work on elective waits"] and pair.status == "proposed"
    assert awaits_answer_from(pair, people["member"])
    assert awaits_answer_from(pair, people["other_member"])
    pair = buddy_answer(by=people["other_member"], buddying=pair, accept=True)
    assert pair.status == "proposed" and not awaits_answer_from(pair, people["other_member"])
    pair = buddy_answer(by=people["member"], buddying=pair, accept=True)
    assert pair.status == "active"
    with pytest.raises(ValidationError):
        buddy_answer(by=people["member"], buddying=pair, accept=False)


def test_either_may_decline(open_to_buddying: dict[str, Any]) -> None:
    people = open_to_buddying
    pair = buddy_arrange(
        by=people["facilitator"], one=people["member"], other=people["other_member"], reason="r"
    )
    assert buddy_answer(by=people["member"], buddying=pair, accept=False).status == "declined"


def test_rules(open_to_buddying: dict[str, Any]) -> None:
    people = open_to_buddying
    with pytest.raises(PermissionDenied):
        buddy_arrange(
            by=people["member"], one=people["member"], other=people["other_member"], reason="r"
        )
    with pytest.raises(ValidationError, match="has not asked for a buddy"):
        buddy_arrange(
            by=people["facilitator"], one=people["member"], other=people["outsider"], reason="r"
        )
    with pytest.raises(ValidationError, match="Say why"):
        buddy_arrange(
            by=people["facilitator"], one=people["member"], other=people["other_member"],
            reason=" ",
        )  # fmt: skip
    buddy_arrange(
        by=people["facilitator"], one=people["member"], other=people["other_member"], reason="r"
    )
    with pytest.raises(ValidationError, match="already"):
        buddy_arrange(
            by=people["facilitator"], one=people["other_member"], other=people["member"],
            reason="r",
        )  # fmt: skip


def test_pairs_page_lists_waiting_leads_and_pairs(
    client_for: Any, open_to_buddying: dict[str, Any]
) -> None:
    people = open_to_buddying
    url = reverse("learning:buddy-pairs")
    client = client_for(people["facilitator"])
    assert "Mina Member, asked" in client.get(url).content.decode()  # a new lead waiting
    response = client.post(
        url,
        {"one": people["member"].pk, "other": people["other_member"].pk, "reason": "Same ICS"},
    )
    assert response.status_code == 302
    pair = Buddying.objects.get()
    assert pair.arranged_by == people["facilitator"]
    page = client.get(url).content.decode()
    assert "Mina Member and Omar Other" in page and "Fay Facilitator" in page
    detail = client_for(people["member"]).get(reverse("learning:buddying", kwargs={"pk": pair.pk}))
    assert "The programme team (Fay Facilitator) suggested you" in detail.content.decode()
    assert client_for(people["member"]).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
