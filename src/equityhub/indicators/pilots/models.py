"""Pilots and innovations, evaluated from the data before and after they started."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Organisation


class PilotStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    STOPPED = "stopped", "Stopped early"


class Pilot(models.Model):
    """A pilot or innovation, evaluated from an indicator's data before and after it started."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    hypothesis = models.TextField(help_text="What should change, for whom, and why.")
    scope = models.TextField(blank=True, help_text="Where and for whom it runs.")
    start_period = models.CharField(max_length=10, help_text="The first period it ran in.")
    start_period_number = models.FloatField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="pilots")
    comparator = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=PilotStatus.choices, default=PilotStatus.RUNNING
    )
    learning = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
