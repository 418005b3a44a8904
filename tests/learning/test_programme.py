"""The programme view: counts only, small numbers suppressed, for facilitators."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from equityhub.learning.models import LearningSet, Presentation, SetMembership
from equityhub.learning.programme.selectors import programme_tables, shown

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 1234)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "1,234",
    ]


def test_counts_per_set_never_content(
    client_for: Any,
    people: dict[str, Any],
    learning_set: LearningSet,
    presentation: Presentation,
    make_user: Any,
) -> None:
    for _ in range(3):
        SetMembership.objects.create(learning_set=learning_set, user=make_user(), status="member")
    sets = programme_tables()[0]
    assert sets.rows[0].name == "Test ICS learning set"
    assert sets.rows[0].counts == ("5", "fewer than 5", "0")  # as shown to anyone else
    assert programme_tables(exact=True)[0].rows[0].counts == ("5", "1", "0")
    page = client_for(people["facilitator"]).get(reverse("learning:programme"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Test ICS learning set" in text
    assert "CONFIDENTIAL" not in text and "Mina Member" not in text
    assert "fewer than 5</td>" not in text  # programme staff see exact counts
    assert client_for(people["member"]).get(reverse("learning:programme")).status_code == 403
