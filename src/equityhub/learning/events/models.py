"""Events: webinars, expert sessions and national events, with places and a waiting list.

An event has a capacity. Booking takes a place while there is one, otherwise a place on the
waiting list; when someone cancels, the first person waiting is given the place.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.learning.events.querysets import BookingQuerySet, EventQuerySet


class EventKind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    EXPERT_SESSION = "expert_session", "Expert session"
    NATIONAL_EVENT = "national_event", "National event"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Going ahead"
    CANCELLED = "cancelled", "Cancelled"


class Event(models.Model):
    """An event open to every signed-in person, up to its capacity."""

    title = models.CharField(max_length=200)
    summary = models.TextField("what it is about", max_length=3000)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.WEBINAR)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place", max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField("places", default=50)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organised_events"
    )
    status = models.CharField(
        max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    recording_link = models.URLField("recording", max_length=500, blank=True)
    library_item = models.ForeignKey(
        "library.LibraryItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="resource in the library",
    )
    collaborative = models.ForeignKey(
        "learning.Collaborative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text="An expert input session of an improvement collaborative.",
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[EventQuerySet] = EventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class Booking(models.Model):
    """One person's place at an event, or on its waiting list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_bookings"
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(
        null=True, blank=True, help_text="Recorded by the organiser: empty until then."
    )

    objects: ClassVar[BookingQuerySet] = BookingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_booking_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.event}: {self.status}"
