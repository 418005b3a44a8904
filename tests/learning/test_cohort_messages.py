"""Messaging a cohort through notifications (email preferences and unsubscribe honoured), and
event attendance with its attendee export."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent, Notification
from equityhub.core.notifications import preference_set, unsubscribe
from equityhub.learning.events.services import attendance_record, attendees_csv
from equityhub.learning.models import Booking, Community, Event, LearningSet, Thread
from equityhub.learning.programme.cohorts import cohort_for
from equityhub.learning.programme.services import COHORT_KIND, cohort_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people: dict[str, Any]) -> Event:
    start = timezone.now() - datetime.timedelta(hours=3)
    event = Event.objects.create(
        title="Core20PLUS5 webinar", summary="s", starts_at=start,
        ends_at=start + datetime.timedelta(hours=1), organiser=people["facilitator"],
    )  # fmt: skip
    for key in ("member", "other_member"):
        Booking.objects.create(event=event, user=people[key], status="booked")
    Booking.objects.create(event=event, user=people["outsider"], status="waiting")
    return event


def _send(people: dict[str, Any], kind: str, pk: int, captured: Any) -> int:
    cohort = cohort_for(people["facilitator"], kind, pk)
    with captured(execute=True):
        return cohort_message(
            by=people["facilitator"], cohort=cohort, subject="Next steps", body="Read this."
        )


def test_a_set_message_reaches_members_by_email_with_an_unsubscribe_link(
    people: dict[str, Any], learning_set: LearningSet, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    assert _send(people, "set", learning_set.pk, django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["member"].email, people["other_member"].email]
    )
    message = mail.outbox[0]
    assert "Test ICS learning set: Next steps" in message.body and "Read this." in message.body
    assert "Unsubscribe from these emails:" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_email_preferences_are_honoured(
    people: dict[str, Any], learning_set: LearningSet, django_capture_on_commit_callbacks: Any
) -> None:
    preference_set(user=people["member"], kind=COHORT_KIND, delivery="in_app")
    mail.outbox.clear()
    _send(people, "set", learning_set.pk, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [people["other_member"].email]
    assert Notification.objects.filter(recipient=people["member"], kind=COHORT_KIND).exists()


def test_unsubscribing_stops_the_next_email(
    people: dict[str, Any], learning_set: LearningSet, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    _send(people, "set", learning_set.pk, django_capture_on_commit_callbacks)
    mine = next(m for m in mail.outbox if m.to[0] == people["member"].email)
    token = mine.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe(token=token) is not None
    mail.outbox.clear()
    _send(people, "set", learning_set.pk, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [people["other_member"].email]


def test_an_event_message_reaches_people_with_a_place_only(
    people: dict[str, Any], event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    assert _send(people, "event", event.pk, django_capture_on_commit_callbacks) == 2
    assert not Notification.objects.filter(recipient=people["outsider"], kind=COHORT_KIND)


def test_a_community_message_reaches_people_taking_part(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    community = Community.objects.create(name="Data", description="d")
    Thread.objects.create(community=community, author=people["member"], title="t", body="b")
    assert _send(people, "community", community.pk, django_capture_on_commit_callbacks) == 1
    with pytest.raises(PermissionDenied):
        cohort_for(people["member"], "community", community.pk)


def test_who_may_message(people: dict[str, Any], learning_set: LearningSet, event: Event) -> None:
    with pytest.raises(Http404):
        cohort_for(people["member"], "set", learning_set.pk)  # the set stays hidden
    with pytest.raises(PermissionDenied):
        cohort_for(people["member"], "event", event.pk)
    assert cohort_for(people["administrator"], "event", event.pk).name == event.title
    with pytest.raises(Http404):
        cohort_for(people["facilitator"], "planet", 1)


def test_bad_messages_are_refused(people: dict[str, Any], learning_set: LearningSet) -> None:
    cohort = cohort_for(people["facilitator"], "set", learning_set.pk)
    with pytest.raises(ValidationError) as caught:
        cohort_message(by=people["facilitator"], cohort=cohort, subject=" ", body="x" * 5001)
    assert set(caught.value.message_dict) == {"subject", "body"}


def test_message_page(client_for: Any, people: dict[str, Any], learning_set: LearningSet) -> None:
    url = reverse("learning:cohort-message", kwargs={"kind": "set", "pk": learning_set.pk})
    client = client_for(people["facilitator"])
    assert "goes to the 2 members of the set" in client.get(url).content.decode()
    response = client.post(url, {"subject": "Hello", "body": "See you Tuesday"})
    assert response.status_code == 302
    assert Notification.objects.filter(kind=COHORT_KIND).count() == 2
    assert client_for(people["member"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


# Event attendance ------------------------------------------------------------------------


def test_organiser_records_attendance(people: dict[str, Any], event: Event) -> None:
    came = Booking.objects.get(event=event, user=people["member"])
    assert attendance_record(by=people["facilitator"], event=event, attended=[came.pk]) == 1
    states = dict(event.bookings.values_list("user__full_name", "attended"))
    assert states == {"Mina Member": True, "Omar Other": False, "Otto Outsider": None}
    waiting = Booking.objects.get(event=event, user=people["outsider"])
    with pytest.raises(ValidationError):
        attendance_record(by=people["facilitator"], event=event, attended=[waiting.pk])
    with pytest.raises(PermissionDenied):
        attendance_record(by=people["member"], event=event, attended=[])


def test_attendance_waits_for_the_event(people: dict[str, Any], event: Event) -> None:
    event.starts_at = timezone.now() + datetime.timedelta(days=1)
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    with pytest.raises(ValidationError, match="once the event has started"):
        attendance_record(by=people["facilitator"], event=event, attended=[])


def test_attendee_export(people: dict[str, Any], event: Event) -> None:
    people["member"].full_name = "=1+2 Member"
    people["member"].save()
    came = Booking.objects.get(event=event, user=people["member"])
    attendance_record(by=people["facilitator"], event=event, attended=[came.pk])
    text = attendees_csv(by=people["facilitator"], event=event).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "full_name,email,organisation,status,booked_on,attended"
    assert any(line.startswith("'=1+2 Member,") and line.endswith(",yes") for line in lines)
    assert any(line.endswith(",not recorded") for line in lines)  # the waiting list
    assert AuditEvent.objects.filter(action="learning.event.attendees_export").exists()


def test_attendance_pages(client_for: Any, people: dict[str, Any], event: Event) -> None:
    url = reverse("learning:event-attendance", kwargs={"pk": event.pk})
    organiser = client_for(people["facilitator"])
    page = organiser.get(url).content.decode()
    assert "Mina Member" in page and "Otto Outsider" not in page
    came = Booking.objects.get(event=event, user=people["other_member"])
    assert organiser.post(url, {"attended": [came.pk]}).status_code == 302
    assert organiser.post(url, {"attended": ["x"]}).status_code == 400
    export = reverse("learning:event-attendees-export", kwargs={"pk": event.pk})
    assert organiser.get(export)["Content-Type"].startswith("text/csv")
    for who in ("member", "outsider"):
        assert client_for(people[who]).get(url).status_code == 403
        assert client_for(people[who]).get(export).status_code == 403
    detail = organiser.get(reverse("learning:event", kwargs={"pk": event.pk})).content.decode()
    assert "Record who attended" in detail and "Message the people with a place" in detail
