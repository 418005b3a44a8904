"""Event attendance, recorded by the organiser, and the attendee list as a CSV file."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.spreadsheet import csv_bytes
from equityhub.learning.events.models import Booking, Event
from equityhub.learning.events.services import can_manage

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
