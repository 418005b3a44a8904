"""A learning set world: a facilitator, members, an outsider and an administrator."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from equityhub.learning.models import (
    Action,
    LearningSet,
    Meeting,
    Presentation,
    SetMembership,
)


def hours_from_now(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def facilitator(make_user: Callable[..., Any]) -> Any:
    user = make_user(full_name="Fay Facilitator")
    user.groups.add(Group.objects.get_or_create(name="Facilitators")[0])
    return user


@pytest.fixture
def people(make_user: Callable[..., Any], facilitator: Any) -> dict[str, Any]:
    return {
        "facilitator": facilitator,
        "member": make_user(full_name="Mina Member"),
        "other_member": make_user(full_name="Omar Other"),
        "outsider": make_user(full_name="Otto Outsider"),
        "administrator": make_user(full_name="Ada Admin", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def learning_set(people: dict[str, Any]) -> LearningSet:
    learning_set = LearningSet.objects.create(
        name="Test ICS learning set",
        purpose="Leads working on elective recovery",
        facilitator=people["facilitator"],
        size_cap=4,
    )
    for key in ("member", "other_member"):
        SetMembership.objects.create(learning_set=learning_set, user=people[key], status="member")
    return learning_set


@pytest.fixture
def past_meeting(learning_set: LearningSet) -> Meeting:
    return Meeting.objects.create(
        learning_set=learning_set,
        starts_at=hours_from_now(-24 * 14),
        ends_at=hours_from_now(-24 * 14 + 2),
        location="Quarry House, Leeds",
    )


@pytest.fixture
def next_meeting(learning_set: LearningSet) -> Meeting:
    return Meeting.objects.create(
        learning_set=learning_set,
        starts_at=hours_from_now(24 * 7),
        ends_at=hours_from_now(24 * 7 + 2),
        video_link="https://teams.example.nhs.uk/secret-room",
    )


@pytest.fixture
def presentation(past_meeting: Meeting, people: dict[str, Any]) -> Presentation:
    presentation = Presentation.objects.create(
        meeting=past_meeting,
        presenter=people["member"],
        status="chosen",
        issue="CONFIDENTIAL-ISSUE our board ignores deprivation gaps",
        reflections="CONFIDENTIAL-REFLECTION I avoid conflict with the chair",
    )
    Action.objects.create(presentation=presentation, text="CONFIDENTIAL-ACTION ask for IMD split")
    return presentation
