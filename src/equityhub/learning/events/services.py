"""Writes for events: organising them, booking places, the waiting list and reminders.

Facilitators and administrators organise events; the organiser (or an administrator) edits,
cancels, and links the recording and library resources afterwards. Booking takes a place while
there is one and otherwise a place on the waiting list; when someone cancels (or places are
added), the people waiting longest are given the places and told.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.core.spreadsheet import csv_bytes
from equityhub.learning.events.models import Booking, BookingStatus, Event, EventKind, EventStatus
from equityhub.people.permissions import is_administrator, is_facilitator

EVENTS_KIND = "learning.events"
register_notification_kind(EVENTS_KIND, "Events: places, waiting lists, reminders and recordings")

LONGEST_EVENT = datetime.timedelta(hours=10)
CAPACITY_RANGE = (1, 5000)
REMINDER_BEFORE = datetime.timedelta(hours=24)


def event_link(event: Event) -> str:
    return reverse("learning:event", kwargs={"pk": event.pk})


def can_organise(user: Any) -> bool:
    return is_facilitator(user) or is_administrator(user)


def can_manage(user: Any, event: Event) -> bool:
    return bool(user.is_authenticated and (event.organiser_id == user.pk or is_administrator(user)))


def _require_manager(user: User, event: Event) -> None:
    if not can_manage(user, event):
        raise PermissionDenied("Only the organiser or an administrator can do this")


def _tell(recipients: list[User], event: Event, title: str) -> None:
    notify(recipients=recipients, kind=EVENTS_KIND, title=title, link=event_link(event))


def _check_fields(fields: dict[str, Any], *, new: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {
        key: value.strip() if isinstance(value, str) else value for key, value in fields.items()
    }
    if not cleaned.get("title"):
        errors["title"] = "Enter a title for the event"
    if not cleaned.get("summary"):
        errors["summary"] = "Say what the event is about"
    if cleaned.get("kind") not in EventKind.values:
        errors["kind"] = "Choose what kind of event it is"
    starts_at, ends_at = cleaned["starts_at"], cleaned["ends_at"]
    if new and starts_at <= timezone.now():
        errors["date"] = "The event must be in the future"
    if ends_at <= starts_at:
        errors["end_time"] = "The event must end after it starts"
    elif ends_at - starts_at > LONGEST_EVENT:
        errors["end_time"] = "An event lasts at most 10 hours"
    low, high = CAPACITY_RANGE
    if not low <= cleaned.get("capacity", 0) <= high:
        errors["capacity"] = f"Enter a number of places between {low} and {high}"
    if not (cleaned.get("location") or cleaned.get("video_link")):
        errors["location"] = "Enter a place or a video link"
    link = cleaned.get("video_link", "")
    if link and not link.startswith(("https://", "http://")):
        errors["video_link"] = "Enter a web address starting with https://"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def event_create(*, by: User, request: HttpRequest | None = None, **fields: Any) -> Event:
    """A facilitator or administrator puts on an event. Fields as on `Event`."""
    if not can_organise(by):
        raise PermissionDenied("Only facilitators and administrators organise events")
    event = Event.objects.create(organiser=by, **_check_fields(fields, new=True))
    audit_record(action="learning.event.create", actor=by, target=event, request=request)
    return event


@transaction.atomic
def event_update(
    *, by: User, event: Event, request: HttpRequest | None = None, **fields: Any
) -> Event:
    """The organiser changes an event. People with a place are told if the time moves."""
    _require_manager(by, event)
    if event.is_cancelled:
        raise ValidationError("This event has been cancelled")
    cleaned = _check_fields(fields, new=False)
    moved = cleaned["starts_at"] != event.starts_at or cleaned["ends_at"] != event.ends_at
    if moved and cleaned["starts_at"] <= timezone.now():
        raise ValidationError({"date": "Move the event to a time in the future"})
    booked = Booking.objects.booked().filter(event=event).count()
    if cleaned["capacity"] < booked:
        raise ValidationError(
            {"capacity": f"{booked} people already have a place: enter at least {booked}"}
        )
    for name, value in cleaned.items():
        setattr(event, name, value)
    if moved:
        event.reminder_sent_at = None
    event.save()
    audit_record(action="learning.event.update", actor=by, target=event, request=request)
    promote_waiting(event)
    if moved:
        local = timezone.localtime(event.starts_at)
        _tell(_booked_people(event), event, f"{event} has moved to {local:%A %-d %B at %H:%M}")
    return event


@transaction.atomic
def event_cancel(*, by: User, event: Event, request: HttpRequest | None = None) -> Event:
    """The organiser calls an event off; everyone booked or waiting is told."""
    _require_manager(by, event)
    if event.is_cancelled:
        raise ValidationError("This event is already cancelled")
    if event.is_past:
        raise ValidationError("This event has already happened")
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    audit_record(action="learning.event.cancel", actor=by, target=event, request=request)
    people = [b.user for b in event.bookings.exclude(status=BookingStatus.CANCELLED)]
    _tell(people, event, f"{event} has been cancelled")
    return event


@transaction.atomic
def event_link_resources(
    *,
    by: User,
    event: Event,
    recording_link: str = "",
    library_item: Any = None,
    request: HttpRequest | None = None,
) -> Event:
    """After the event, link its recording and a library resource; attendees are told."""
    _require_manager(by, event)
    if not event.is_past:
        raise ValidationError("Link the recording once the event has happened")
    recording_link = recording_link.strip()
    if recording_link and not recording_link.startswith(("https://", "http://")):
        raise ValidationError({"recording_link": "Enter a web address starting with https://"})
    if not (recording_link or library_item):
        raise ValidationError({"recording_link": "Enter a recording link or choose a resource"})
    newly_linked = not (event.recording_link or event.library_item_id)
    event.recording_link = recording_link
    event.library_item = library_item
    event.save(update_fields=["recording_link", "library_item"])
    audit_record(action="learning.event.resources", actor=by, target=event, request=request)
    if newly_linked:
        _tell(_booked_people(event), event, f"The recording of {event} is ready")
    return event


def _booked_people(event: Event) -> list[User]:
    return [b.user for b in Booking.objects.booked().filter(event=event).select_related("user")]


def places_left(event: Event) -> int:
    return max(event.capacity - Booking.objects.booked().filter(event=event).count(), 0)


def _lock(event: Event) -> Event:
    """Lock the event row so that two people cannot take the last place at once."""
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def booking_make(*, user: User, event: Event, request: HttpRequest | None = None) -> Booking:
    """Take a place, or a place on the waiting list when the event is full."""
    event = _lock(event)
    if event.is_cancelled:
        raise ValidationError("This event has been cancelled")
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has already started")
    booking = Booking.objects.filter(event=event, user=user).first()
    if booking is not None and booking.status != BookingStatus.CANCELLED:
        raise ValidationError("You have already booked this event")
    status = BookingStatus.BOOKED if places_left(event) > 0 else BookingStatus.WAITING
    now = timezone.now()
    if booking is None:
        booking = Booking(event=event, user=user, created_at=now)
    booking.status, booking.updated_at = status, now
    booking.save()
    audit_record(action=f"learning.event.{status}", actor=user, target=event, request=request)
    return booking


@transaction.atomic
def booking_cancel(*, user: User, event: Event, request: HttpRequest | None = None) -> Booking:
    """Give up a place (or leave the waiting list); the next person waiting gets the place."""
    event = _lock(event)
    booking = Booking.objects.filter(event=event, user=user).exclude(status=BookingStatus.CANCELLED)
    found = booking.first()
    if found is None:
        raise ValidationError("You have not booked this event")
    found.status, found.updated_at = BookingStatus.CANCELLED, timezone.now()
    found.save(update_fields=["status", "updated_at"])
    audit_record(action="learning.event.cancel_booking", actor=user, target=event, request=request)
    if not event.is_past and not event.is_cancelled:
        promote_waiting(event)
    return found


def promote_waiting(event: Event) -> list[Booking]:
    """Give free places to the people waiting longest, and tell them."""
    promoted = []
    for booking in Booking.objects.waiting().filter(event=event)[: places_left(event)]:
        booking.status, booking.updated_at = BookingStatus.BOOKED, timezone.now()
        booking.save(update_fields=["status", "updated_at"])
        audit_record(
            action="learning.event.promoted", target=event, detail={"user": booking.user_id}
        )
        promoted.append(booking)
    for booking in promoted:
        _tell([booking.user], event, f"A place came up: you now have a place at {event}")
    return promoted


def reminders_send(now: datetime.datetime | None = None) -> list[Event]:
    """Remind people with a place, once, in the 24 hours before an event."""
    now = now or timezone.now()
    due = Event.objects.filter(
        status=EventStatus.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    )
    sent = []
    for event in due:
        with transaction.atomic():
            local = timezone.localtime(event.starts_at)
            _tell(_booked_people(event), event, f"Reminder: {event} starts {local:%A at %H:%M}")
            event.reminder_sent_at = now
            event.save(update_fields=["reminder_sent_at"])
        sent.append(event)
    return sent


# Event attendance, recorded by the organiser, and the attendee list as a CSV file.
ATTENDEE_COLUMNS = ("full_name", "email", "organisation", "status", "booked_on", "attended")


def _require_organiser(user: User, event: Event) -> None:
    if not can_manage(user, event):
        raise PermissionDenied("Only the organiser or an administrator can do this")


def attendees(event: Event) -> QuerySet[Booking]:
    """Everyone with a place or waiting, with their organisation (one query)."""
    return (
        event.bookings.exclude(status="cancelled")
        .select_related("user__profile__organisation")
        .order_by("status", "user__full_name")
    )


@transaction.atomic
def attendance_record(
    *, by: User, event: Event, attended: Iterable[int], request: HttpRequest | None = None
) -> int:
    """Mark who came (booking ids); everyone else booked is marked as not attending."""
    _require_organiser(by, event)
    if event.starts_at > timezone.now():
        raise ValidationError("Record attendance once the event has started")
    booked = event.bookings.filter(status="booked")
    chosen = set(attended)
    unknown = chosen - set(booked.values_list("pk", flat=True))
    if unknown:
        raise ValidationError("Choose only people who have a place")
    booked.exclude(pk__in=chosen).update(attended=False)
    count = booked.filter(pk__in=chosen).update(attended=True)
    audit_record(
        action="learning.event.attendance",
        actor=by,
        target=event,
        detail={"attended": count},
        request=request,
    )
    return count


def _attended_words(booking: Booking) -> str:
    if booking.attended is None:
        return "not recorded"
    return "yes" if booking.attended else "no"


def attendees_csv(*, by: User, event: Event, request: HttpRequest | None = None) -> bytes:
    """The attendee list for the organiser (audited: it holds email addresses)."""
    _require_organiser(by, event)
    rows = []
    for booking in attendees(event):
        profile = getattr(booking.user, "profile", None)
        organisation = profile.organisation if profile and profile.organisation else None
        rows.append(
            [
                booking.user.full_name,
                booking.user.email,
                organisation.name if organisation else "",
                booking.get_status_display(),
                timezone.localdate(booking.created_at).isoformat(),
                _attended_words(booking),
            ]
        )
    audit_record(
        action="learning.event.attendees_export",
        actor=by,
        target=event,
        detail={"rows": len(rows)},
        request=request,
    )
    return csv_bytes(ATTENDEE_COLUMNS, rows)
