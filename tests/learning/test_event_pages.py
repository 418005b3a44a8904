"""Event pages: the list, booking, the waiting list, and what only the organiser sees."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from equityhub.learning.events import services as services_events
from equityhub.learning.models import Booking, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people: dict[str, Any]) -> Event:
    start = timezone.now() + datetime.timedelta(days=3)
    return services_events.event_create(
        by=people["facilitator"],
        title="Anchor institutions webinar",
        summary="How NHS organisations act as anchors",
        kind="webinar",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        capacity=1,
        video_link="https://teams.example.nhs.uk/anchor",
    )


def test_event_fills_and_the_next_person_goes_on_the_waiting_list(
    client_for: Any, event: Event, people: dict[str, Any]
) -> None:
    url = reverse("learning:event", kwargs={"pk": event.pk})
    book = reverse("learning:event-book", kwargs={"pk": event.pk})
    member, outsider = client_for(people["member"]), client_for(people["outsider"])
    assert "teams.example.nhs.uk/anchor" not in member.get(url).content.decode()
    member.post(book)
    assert "teams.example.nhs.uk/anchor" in member.get(url).content.decode()
    page = outsider.get(url).content.decode()
    assert "Join the waiting list" in page
    followed = outsider.post(book, follow=True).content.decode()
    assert "you are on the waiting list" in followed
    assert Booking.objects.get(user=people["outsider"]).status == "waiting"
    organiser = client_for(people["facilitator"]).get(url).content.decode()
    assert "Mina Member" in organiser and "Otto Outsider" in organiser
    assert "Otto Outsider" not in member.get(url).content.decode()
    member.post(reverse("learning:event-unbook", kwargs={"pk": event.pk}))
    assert Booking.objects.get(user=people["outsider"]).status == "booked"


def test_organiser_creates_an_event_from_the_form(client_for: Any, people: dict[str, Any]) -> None:
    client = client_for(people["facilitator"])
    url = reverse("learning:event-create")
    day = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    bad = client.post(url, {"title": "Talk", "kind": "webinar", "date": day})
    assert bad.status_code == 400
    assert not Event.objects.exists()
    posted = {
        "title": "National event",
        "summary": "A day together",
        "kind": "national_event",
        "date": day,
        "start_time": "10:00",
        "end_time": "09:00",
        "capacity": "100",
        "location": "Birmingham",
    }
    wrong_way = client.post(url, posted)
    assert wrong_way.status_code == 400
    assert "The event must end after it starts" in wrong_way.content.decode()
    posted["end_time"] = "16:00"
    assert client.post(url, posted).status_code == 302
    made = Event.objects.get()
    assert timezone.localtime(made.starts_at).hour == 10
    listing = client_for(people["member"]).get(reverse("learning:events")).content.decode()
    assert "National event" in listing and "100 places left" in listing


def test_members_cannot_use_the_organisers_pages(
    client_for: Any, event: Event, people: dict[str, Any]
) -> None:
    member = client_for(people["member"])
    assert member.get(reverse("learning:event-create")).status_code == 403
    assert member.get(reverse("learning:event-edit", kwargs={"pk": event.pk})).status_code == 403
    member.post(reverse("learning:event-cancel", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == "scheduled"
