"""Events: organising, capacity and the waiting list, promotion on cancelling, reminders,
recordings linked afterwards, and the calendar feed."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import Notification
from equityhub.core.scheduler import periodic_jobs
from equityhub.learning.calendar import services as calendar
from equityhub.learning.events import services as services_events
from equityhub.learning.models import Booking, Event
from equityhub.learning.tasks import send_event_reminders

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def fields(**overrides: Any) -> dict[str, Any]:
    start = timezone.now() + datetime.timedelta(days=7)
    values: dict[str, Any] = {
        "title": "Core20PLUS5 in practice",
        "summary": "An expert session on the five clinical areas",
        "kind": "expert_session",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=1),
        "capacity": 2,
        "video_link": "https://teams.example.nhs.uk/event-room",
        "location": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def event(people: dict[str, Any]) -> Event:
    return services_events.event_create(by=people["facilitator"], **fields())


def titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_only_facilitators_and_administrators_organise(people: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services_events.event_create(by=people["member"], **fields())
    made = services_events.event_create(by=people["administrator"], **fields())
    assert made.organiser == people["administrator"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"capacity": 0}, "capacity"),
        ({"video_link": "", "location": ""}, "location"),
        ({"video_link": "teams"}, "video_link"),
        ({"starts_at": timezone.now() - datetime.timedelta(days=1)}, "date"),
    ],
)
def test_bad_events_name_the_field_and_store_nothing(
    people: dict[str, Any], overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services_events.event_create(by=people["facilitator"], **fields(**overrides))
    assert field in error.value.message_dict
    assert not Event.objects.exists()


def test_an_event_fills_and_the_next_person_waits(event: Event, people: dict[str, Any]) -> None:
    first = services_events.booking_make(user=people["member"], event=event)
    second = services_events.booking_make(user=people["other_member"], event=event)
    third = services_events.booking_make(user=people["outsider"], event=event)
    assert (first.status, second.status, third.status) == ("booked", "booked", "waiting")
    assert services_events.places_left(event) == 0
    with pytest.raises(ValidationError, match="already booked"):
        services_events.booking_make(user=people["member"], event=event)


def test_cancelling_gives_the_place_to_the_person_waiting_longest(
    event: Event, people: dict[str, Any], make_user: Any
) -> None:
    for key in ("member", "other_member", "outsider"):
        services_events.booking_make(user=people[key], event=event)
    later = make_user(full_name="Late Comer")
    services_events.booking_make(user=later, event=event)
    services_events.booking_cancel(user=people["member"], event=event)
    statuses = dict(Booking.objects.values_list("user__full_name", "status"))
    assert statuses == {
        "Mina Member": "cancelled",
        "Omar Other": "booked",
        "Otto Outsider": "booked",
        "Late Comer": "waiting",
    }
    assert any("A place came up" in title for title in titles(people["outsider"]))
    assert not any("A place came up" in title for title in titles(later))


def test_rebooking_after_cancelling_goes_to_the_back_of_the_queue(
    event: Event, people: dict[str, Any]
) -> None:
    for key in ("member", "other_member", "outsider"):
        services_events.booking_make(user=people[key], event=event)
    services_events.booking_cancel(user=people["member"], event=event)
    again = services_events.booking_make(user=people["member"], event=event)
    assert again.status == "waiting"
    with pytest.raises(ValidationError, match="not booked"):
        services_events.booking_cancel(user=people["administrator"], event=event)


def test_adding_places_promotes_people_waiting(event: Event, people: dict[str, Any]) -> None:
    for key in ("member", "other_member", "outsider"):
        services_events.booking_make(user=people[key], event=event)
    with pytest.raises(ValidationError) as error:
        services_events.event_update(by=people["facilitator"], event=event, **fields(capacity=1))
    assert "capacity" in error.value.message_dict
    services_events.event_update(by=people["facilitator"], event=event, **fields(capacity=3))
    assert Booking.objects.get(user=people["outsider"]).status == "booked"
    with pytest.raises(PermissionDenied):
        services_events.event_update(by=people["member"], event=event, **fields(capacity=9))


def test_moving_an_event_tells_people_with_a_place(event: Event, people: dict[str, Any]) -> None:
    services_events.booking_make(user=people["member"], event=event)
    later = event.starts_at + datetime.timedelta(days=1)
    services_events.event_update(
        by=people["facilitator"],
        event=event,
        **fields(starts_at=later, ends_at=later + datetime.timedelta(hours=1)),
    )
    assert any("has moved" in title for title in titles(people["member"]))


def test_cancelled_events_take_no_bookings_and_everyone_is_told(
    event: Event, people: dict[str, Any]
) -> None:
    for key in ("member", "other_member", "outsider"):
        services_events.booking_make(user=people[key], event=event)
    services_events.event_cancel(by=people["facilitator"], event=event)
    for key in ("member", "other_member", "outsider"):
        assert any("cancelled" in title for title in titles(people[key]))
    with pytest.raises(ValidationError, match="cancelled"):
        services_events.booking_make(user=people["administrator"], event=event)


def test_reminders_go_once_to_people_with_a_place(event: Event, people: dict[str, Any]) -> None:
    services_events.booking_make(user=people["member"], event=event)
    services_events.booking_make(user=people["other_member"], event=event)
    services_events.booking_make(user=people["outsider"], event=event)  # waiting: no reminder
    too_early = event.starts_at - datetime.timedelta(days=2)
    assert services_events.reminders_send(too_early) == []
    day_before = event.starts_at - datetime.timedelta(hours=20)
    assert services_events.reminders_send(day_before) == [event]
    assert services_events.reminders_send(day_before) == []
    reminded = Notification.objects.filter(title__startswith="Reminder")
    assert sorted(n.recipient.full_name for n in reminded) == ["Mina Member", "Omar Other"]


def test_reminder_task_is_scheduled_hourly() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["learning.event-reminders"].every == datetime.timedelta(hours=1)
    assert send_event_reminders.call() == 0


def test_recording_is_linked_after_the_event(event: Event, people: dict[str, Any]) -> None:
    services_events.booking_make(user=people["member"], event=event)
    with pytest.raises(ValidationError, match="once the event has happened"):
        services_events.event_link_resources(
            by=people["facilitator"], event=event, recording_link="https://video.example/1"
        )
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    event.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services_events.event_link_resources(
            by=people["facilitator"], event=event, recording_link="video"
        )
    assert "recording_link" in error.value.message_dict
    services_events.event_link_resources(
        by=people["facilitator"], event=event, recording_link="https://video.example/1"
    )
    assert any("recording" in title for title in titles(people["member"]))


def test_booked_events_are_in_the_calendar_feed_in_london_time(
    client: Any, people: dict[str, Any]
) -> None:
    # Clocks go back at 01:00 UTC on Sunday 31 October 2027.
    summer = datetime.datetime(2027, 10, 29, 14, 0, tzinfo=LONDON)
    winter = datetime.datetime(2027, 11, 1, 14, 0, tzinfo=LONDON)
    for start in (summer, winter):
        made = services_events.event_create(
            by=people["facilitator"],
            **fields(starts_at=start, ends_at=start + datetime.timedelta(hours=1)),
        )
        services_events.booking_make(user=people["outsider"], event=made)
    unbooked = services_events.event_create(by=people["facilitator"], **fields(title="Other"))
    assert unbooked.pk
    feed = calendar.feed_create(user=people["outsider"])
    response = client.get(reverse("learning:calendar-feed", kwargs={"token": feed.token}))
    parsed = icalendar.Calendar.from_ical(response.content)
    entries = parsed.walk("VEVENT")
    assert {str(e["summary"]) for e in entries} == {"Expert session: Core20PLUS5 in practice"}
    starts = sorted(e.decoded("dtstart") for e in entries)
    assert [s.astimezone(LONDON).hour for s in starts] == [14, 14]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [13, 14]
    assert "event-room" not in response.content.decode()
