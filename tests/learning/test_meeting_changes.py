"""Moving and cancelling a meeting, and reminders before meetings."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.core.models import Notification
from equityhub.learning.meetings import changes as services_meeting_changes
from equityhub.learning.models import Meeting
from equityhub.learning.tasks import send_event_reminders

pytestmark = pytest.mark.django_db


def titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_facilitator_moves_a_meeting_and_members_are_told(
    next_meeting: Meeting, people: dict[str, Any]
) -> None:
    later = next_meeting.starts_at + datetime.timedelta(days=1)
    fields: dict[str, Any] = {"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)}
    with pytest.raises(PermissionDenied):
        services_meeting_changes.meeting_update(
            by=people["member"], meeting=next_meeting, location="Leeds", **fields
        )
    with pytest.raises(ValidationError) as error:
        services_meeting_changes.meeting_update(
            by=people["facilitator"], meeting=next_meeting, **fields
        )
    assert "location" in error.value.message_dict
    services_meeting_changes.meeting_update(
        by=people["facilitator"], meeting=next_meeting, location="Leeds", **fields
    )
    next_meeting.refresh_from_db()
    assert next_meeting.starts_at == later
    assert any("has moved" in t for t in titles(people["member"]))
    assert not titles(people["outsider"])


def test_past_meetings_cannot_be_changed_or_cancelled(
    past_meeting: Meeting, people: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError, match="already started"):
        services_meeting_changes.meeting_cancel(by=people["facilitator"], meeting=past_meeting)
    assert Meeting.objects.filter(pk=past_meeting.pk).exists()


def test_cancelling_removes_the_meeting_and_tells_members(
    client_for: Any, next_meeting: Meeting, people: dict[str, Any]
) -> None:
    url = reverse("learning:meeting-cancel", kwargs={"pk": next_meeting.pk})
    assert client_for(people["member"]).post(url).status_code == 403
    assert client_for(people["outsider"]).post(url).status_code == 404
    response = client_for(people["facilitator"]).post(url)
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=next_meeting.pk).exists()
    assert any("is cancelled" in t for t in titles(people["other_member"]))


def test_edit_page_moves_the_meeting(
    client_for: Any, next_meeting: Meeting, people: dict[str, Any]
) -> None:
    url = reverse("learning:meeting-edit", kwargs={"pk": next_meeting.pk})
    client = client_for(people["facilitator"])
    page = client.get(url).content.decode()
    assert "secret-room" in page
    day = (next_meeting.starts_at + datetime.timedelta(days=2)).date().isoformat()
    posted = {"date": day, "start_time": "14:00", "end_time": "13:00", "location": "Leeds"}
    assert client.post(url, posted).status_code == 400
    posted["end_time"] = "16:00"
    assert client.post(url, posted).status_code == 302
    next_meeting.refresh_from_db()
    assert next_meeting.location == "Leeds"


def test_reminders_go_once_to_members_and_the_facilitator(
    next_meeting: Meeting, people: dict[str, Any]
) -> None:
    early = next_meeting.starts_at - datetime.timedelta(days=3)
    assert services_meeting_changes.meeting_reminders_send(early) == []
    day_before = next_meeting.starts_at - datetime.timedelta(hours=12)
    assert services_meeting_changes.meeting_reminders_send(day_before) == [next_meeting]
    assert services_meeting_changes.meeting_reminders_send(day_before) == []
    for key in ("member", "other_member", "facilitator"):
        assert any(t.startswith("Reminder: Test ICS learning set") for t in titles(people[key]))
    assert not titles(people["outsider"])
    reminder = Notification.objects.filter(title__startswith="Reminder").first()
    assert reminder is not None and "secret-room" not in reminder.title + reminder.body
    assert send_event_reminders.call() == 0
