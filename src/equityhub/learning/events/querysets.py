"""Which events and bookings people see.

Events are for every signed-in person (their title, time and summary); the video link and the
list of who is coming are for people with a place and the organiser.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from equityhub.core.access import signed_in


class EventQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> EventQuerySet:
        return self.all() if signed_in(user) else self.none()

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gt=timezone.now(), status="scheduled")

    def past(self) -> EventQuerySet:
        return self.filter(ends_at__lte=timezone.now())

    def with_places_left(self) -> EventQuerySet:
        """Each event's free places as `places_left`, counted in the same query."""
        booked = Count("bookings", filter=Q(bookings__status="booked"))
        return self.annotate(places_left=Greatest(F("capacity") - booked, Value(0)))


class BookingQuerySet(models.QuerySet[Any]):
    def booked(self) -> BookingQuerySet:
        return self.filter(status="booked")

    def waiting(self) -> BookingQuerySet:
        return self.filter(status="waiting").order_by("updated_at", "created_at", "pk")
