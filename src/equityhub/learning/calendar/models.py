"""A person's private calendar feed address (see `services`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.core.models import new_token


class CalendarFeed(models.Model):
    """A person's private iCalendar address. Revoking it makes the old address stop working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
