"""Data returns: uploaded files of aggregated counts, and their rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.querysets import (
    DataReturnQuerySet,
)
from equityhub.indicators.registry.models import Breakdown, Indicator
from equityhub.people.models import Organisation


class ReturnStatus(models.TextChoices):
    CHECKING = "checking", "Being checked"
    FAILED = "failed", "Checked: problems found, nothing stored"
    PREVIEW = "preview", "Checked, waiting for confirmation"
    COMMITTED = "committed", "Committed"
    SUPERSEDED = "superseded", "Replaced by a later return"
    ROLLED_BACK = "rolled_back", "Rolled back"
    DISCARDED = "discarded", "Discarded"


class DataReturn(models.Model):
    """One uploaded file of aggregated counts for one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=20)
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.PREVIEW
    )
    staged_rows = models.JSONField(default=list, help_text="Validated rows waiting for commit.")
    row_count = models.PositiveIntegerField(default=0)
    publish = models.BooleanField(default=False, help_text="Results may be shown to the public.")
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)
    upload_content = models.BinaryField(
        null=True, blank=True, help_text="A large file, kept only until it has been checked."
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="What the check found.")
    problem_report = models.BinaryField(
        null=True,
        blank=True,
        help_text="A background check's problems, one per row (gzipped CSV), for download.",
    )
    notes = models.JSONField(default=list, blank=True)

    objects = DataReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation.code}, {self.uploaded_at:%d %b %Y})"


class DataPoint(models.Model):
    """One aggregated cell of a committed return: counts, or a value with its limits."""

    data_return = models.ForeignKey(DataReturn, on_delete=models.CASCADE, related_name="points")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=12)
    period = models.CharField(max_length=10)
    breakdown = models.CharField(max_length=30, choices=Breakdown.choices)
    category = models.CharField(max_length=40)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["indicator", "area_code", "period"])]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.area_code} {self.period} {self.breakdown}={self.category}"
        )
