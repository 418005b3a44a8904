"""Places the programme team keeps in learning sets for people it invited to Equity Hub.

A bulk add names people by email. Someone with no account is invited to the platform (people's
invitation) and to the set in one step: the place waits here until they accept the platform
invitation, then becomes an invitation to the set that they accept or decline like any other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.learning.models import LearningSet


class PendingSetPlace(models.Model):
    invitation = models.ForeignKey("people.Invitation", on_delete=models.CASCADE, related_name="+")
    learning_set = models.ForeignKey(
        LearningSet, on_delete=models.CASCADE, related_name="pending_places"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "learning_set"], name="one_pending_place_per_set"
            )
        ]

    def __str__(self) -> str:
        return f"Place in {self.learning_set} for {self.invitation.email}"
