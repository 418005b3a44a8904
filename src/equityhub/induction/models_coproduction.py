"""Co-production: comments and endorsements on catalogue entries, and suggested improvements
to role guides. Proposed activities and measures are catalogue rows with status "proposed"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        "induction.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    measure = models.ForeignKey(
        "induction.Measure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    body = models.TextField(max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.user} on {self.activity or self.measure}"


class Endorsement(models.Model):
    """ "This is useful": one per person per activity or measure."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        "induction.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    measure = models.ForeignKey(
        "induction.Measure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="induction_endorse_activity"),
            models.UniqueConstraint(fields=["user", "measure"], name="induction_endorse_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.user} endorses {self.activity or self.measure}"


class SuggestionStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an editor"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not accepted"


class Suggestion(models.Model):
    """A lead's proposed improvement to a role guide (editors make the change in the guide)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey(
        "induction.RoleGuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    text = models.TextField("what would make the guide better", max_length=3000)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Suggestion by {self.user} on {self.guide or 'the role guides'}"
