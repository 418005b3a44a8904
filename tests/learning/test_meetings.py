"""Rules of meetings: scheduling, bids, the presenter's own record, reviews, attendance."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equityhub.learning.meetings import services as services_meetings
from equityhub.learning.models import Action, Meeting, Presentation
from equityhub.learning.sets import selectors
from tests.learning.conftest import hours_from_now

pytestmark = pytest.mark.django_db


def test_facilitator_schedules_and_members_are_told(learning_set: Any, people: dict) -> None:
    meeting = services_meetings.meeting_schedule(
        by=people["facilitator"],
        learning_set=learning_set,
        starts_at=hours_from_now(48),
        ends_at=hours_from_now(50),
        video_link="https://teams.example.nhs.uk/x",
    )
    assert meeting.learning_set == learning_set
    assert people["member"].notifications.filter(link__contains=str(meeting.pk)).exists()
    assert not people["outsider"].notifications.exists()


@pytest.mark.parametrize(
    ("start", "end", "place", "field"),
    [
        (-1, 1, "Leeds", "date"),  # in the past
        (5, 4, "Leeds", "end_time"),  # ends before it starts
        (5, 20, "Leeds", "end_time"),  # too long
        (5, 6, "", "location"),  # nowhere to meet
    ],
)
def test_bad_meetings_are_refused(
    learning_set: Any, people: dict, start: int, end: int, place: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services_meetings.meeting_schedule(
            by=people["facilitator"],
            learning_set=learning_set,
            starts_at=hours_from_now(start),
            ends_at=hours_from_now(end),
            location=place,
        )
    assert field in error.value.error_dict
    assert not Meeting.objects.exists()


def test_video_links_must_be_web_addresses(learning_set: Any, people: dict) -> None:
    with pytest.raises(ValidationError) as error:
        services_meetings.meeting_schedule(
            by=people["facilitator"],
            learning_set=learning_set,
            starts_at=hours_from_now(5),
            ends_at=hours_from_now(6),
            video_link="javascript:alert(1)",
        )
    assert "video_link" in error.value.error_dict


def test_only_the_facilitator_schedules(learning_set: Any, people: dict) -> None:
    with pytest.raises(PermissionDenied):
        services_meetings.meeting_schedule(
            by=people["member"],
            learning_set=learning_set,
            starts_at=hours_from_now(5),
            ends_at=hours_from_now(6),
            location="Leeds",
        )


def test_bids(next_meeting: Meeting, past_meeting: Meeting, people: dict) -> None:
    bid = services_meetings.presenter_bid(user=people["member"], meeting=next_meeting)
    assert bid.status == "bid"
    with pytest.raises(ValidationError, match="already asked"):
        services_meetings.presenter_bid(user=people["member"], meeting=next_meeting)
    with pytest.raises(ValidationError, match="already started"):
        services_meetings.presenter_bid(user=people["member"], meeting=past_meeting)
    for who in ("outsider", "facilitator", "administrator"):
        with pytest.raises(PermissionDenied):
            services_meetings.presenter_bid(user=people[who], meeting=next_meeting)
    with pytest.raises(PermissionDenied):
        services_meetings.presenter_choose(by=people["member"], presentation=bid)
    services_meetings.presenter_choose(by=people["facilitator"], presentation=bid)
    assert Presentation.objects.get(pk=bid.pk).status == "chosen"


def test_only_the_presenter_records_and_only_once_chosen(
    next_meeting: Meeting, people: dict
) -> None:
    bid = services_meetings.presenter_bid(user=people["member"], meeting=next_meeting)
    with pytest.raises(ValidationError, match="not yet chosen"):
        services_meetings.presentation_record(user=people["member"], presentation=bid, issue="x")
    services_meetings.presenter_choose(by=people["facilitator"], presentation=bid)
    for who in ("facilitator", "other_member", "administrator"):
        with pytest.raises(PermissionDenied):
            services_meetings.presentation_record(
                user=people[who],
                presentation=bid,
                issue="x",
                record_private=True,
                reflections="Not yours to write",
            )
        with pytest.raises(PermissionDenied):
            services_meetings.action_commit(user=people[who], presentation=bid, text="x")
    with pytest.raises(ValidationError) as error:
        services_meetings.presentation_record(user=people["member"], presentation=bid, issue=" ")
    assert "issue" in error.value.error_dict


def test_questions_and_reflections_only_if_the_presenter_chooses(
    presentation: Presentation, people: dict
) -> None:
    services_meetings.presentation_record(
        user=people["member"],
        presentation=presentation,
        issue="Issue",
        questions="What would your chair say?",
        reflections="I felt stuck",
    )
    presentation.refresh_from_db()
    assert presentation.questions == presentation.reflections == ""
    services_meetings.presentation_record(
        user=people["member"],
        presentation=presentation,
        issue="Issue",
        record_private=True,
        questions="What would your chair say?",
        reflections="I felt stuck",
    )
    presentation.refresh_from_db()
    assert presentation.reflections == "I felt stuck"


def test_actions_and_their_review_at_the_next_meeting(
    presentation: Presentation, next_meeting: Meeting, people: dict
) -> None:
    action = services_meetings.action_commit(
        user=people["member"], presentation=presentation, text="Talk to the chair"
    )
    with pytest.raises(ValidationError):
        services_meetings.action_commit(user=people["member"], presentation=presentation, text="")
    review = selectors.actions_to_review(next_meeting)
    assert action in review and len(review) == 2
    assert selectors.actions_to_review(presentation.meeting) == []  # the first meeting
    with pytest.raises(PermissionDenied):
        services_meetings.action_review(
            user=people["other_member"], action=action, review_status="done"
        )
    with pytest.raises(ValidationError):
        services_meetings.action_review(user=people["member"], action=action, review_status="x")
    services_meetings.action_review(
        user=people["member"], action=action, review_status="done", learned="Ask early"
    )
    action.refresh_from_db()
    assert action.review_status == "done" and action.learned == "Ask early"
    assert action not in selectors.open_actions_for(people["member"])


def test_attendance(past_meeting: Meeting, next_meeting: Meeting, people: dict) -> None:
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services_meetings.attendance_record(
            by=people["facilitator"], meeting=next_meeting, present=[people["member"]]
        )
    with pytest.raises(ValidationError, match="Only members"):
        services_meetings.attendance_record(
            by=people["facilitator"], meeting=past_meeting, present=[people["outsider"]]
        )
    with pytest.raises(PermissionDenied):
        services_meetings.attendance_record(
            by=people["member"], meeting=past_meeting, present=[people["member"]]
        )
    records = services_meetings.attendance_record(
        by=people["facilitator"], meeting=past_meeting, present=[people["member"]]
    )
    assert {(r.user.full_name, r.attended) for r in records} == {
        ("Mina Member", True),
        ("Omar Other", False),
    }


def test_nothing_changes_in_a_closed_set(presentation: Presentation, people: dict) -> None:
    learning_set = presentation.meeting.learning_set
    learning_set.status = "closed"
    learning_set.save()
    action = Action.objects.get()
    with pytest.raises(ValidationError, match="closed"):
        services_meetings.action_review(user=people["member"], action=action, review_status="done")
    with pytest.raises(ValidationError, match="closed"):
        services_meetings.action_commit(user=people["member"], presentation=presentation, text="x")
