"""Exchange visits: offers ("come and see our ...") and requests, matched by library topic.

A visit is arranged between a host and a visitor from an offer or a request; both agree. After
the visit, either writes a learning note, which can go to the library editors as a case study
suggestion. A visit is visible to its two people only; offers and requests to everyone signed in.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.learning.visits.querysets import ExchangeListingQuerySet, VisitQuerySet


class ListingKind(models.TextChoices):
    OFFER = "offer", "Offer: come and see our work"
    REQUEST = "request", "Request: I would like to see"


class ExchangeListing(models.Model):
    kind = models.CharField(max_length=10, choices=ListingKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_listings"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=3000)
    topics = models.ManyToManyField("library.Topic", blank=True, related_name="+")
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ExchangeListingQuerySet] = ExchangeListingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_offer(self) -> bool:
        return self.kind == ListingKind.OFFER


class VisitStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class Visit(models.Model):
    listing = models.ForeignKey(ExchangeListing, on_delete=models.CASCADE, related_name="visits")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=VisitStatus.choices, default=VisitStatus.PROPOSED
    )
    visit_date = models.DateField(null=True, blank=True)
    learning_note = models.TextField("what you learned", max_length=5000, blank=True)
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    captured_as = models.ForeignKey(
        "library.Contribution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[VisitQuerySet] = VisitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(host=models.F("visitor")), name="visit_between_two_people"
            )
        ]

    def __str__(self) -> str:
        return f"Visit to {self.host} by {self.visitor}"

    def answerer_id(self) -> int:
        """The person who did not ask answers."""
        return self.visitor_id if self.asked_by_id == self.host_id else self.host_id
