"""The learning API: your sets only; everyone else gets 404 (or 401 when not signed in)."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.learning.models import LearningSet, Meeting, Presentation
from equityhub.learning.sets.break_glass import break_glass_open

pytestmark = pytest.mark.django_db


def test_your_sets(client_for: Any, people: dict, learning_set: LearningSet) -> None:
    for who in ("member", "facilitator"):
        listed = client_for(people[who]).get("/api/learning/sets").json()
        assert [s["name"] for s in listed] == ["Test ICS learning set"]
    for who in ("outsider", "administrator"):
        assert client_for(people[who]).get("/api/learning/sets").json() == []
    assert client_for(None).get("/api/learning/sets").status_code == 401


def test_one_set(
    client_for: Any,
    people: dict,
    learning_set: LearningSet,
    next_meeting: Meeting,
    presentation: Presentation,
) -> None:
    url = f"/api/learning/sets/{learning_set.pk}"
    body = client_for(people["member"]).get(url).json()
    assert body["members"] == ["Mina Member", "Omar Other"] and len(body["meetings"]) == 2
    assert body["co_facilitators"] == []
    assert "CONFIDENTIAL" not in str(body)  # the API carries no presentations
    for who in ("outsider", "administrator"):
        assert client_for(people[who]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 401


def test_no_break_glass_through_the_api(
    client_for: Any, people: dict, learning_set: LearningSet
) -> None:
    break_glass_open(
        administrator=people["administrator"],
        learning_set=learning_set,
        reason="A safeguarding concern raised with the programme",
    )
    url = f"/api/learning/sets/{learning_set.pk}"
    assert client_for(people["administrator"]).get(url).status_code == 404
