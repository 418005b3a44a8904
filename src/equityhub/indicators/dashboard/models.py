"""Adopting an indicator with an owner and a target."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.querysets import (
    AdoptionQuerySet,
)
from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Organisation


class TargetMeasure(models.TextChoices):
    VALUE = "value", "Overall value"
    SII = "sii", "Slope index of inequality (deprivation)"
    GAP = "gap", "Gap between most and least deprived"


class Adoption(models.Model):
    """An organisation adopts an indicator, names an owner and may set a target."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="adoptions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_measure = models.CharField(
        max_length=10, choices=TargetMeasure.choices, default=TargetMeasure.VALUE
    )
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_text = models.CharField(max_length=200, blank=True)
    adopted_at = models.DateTimeField(default=timezone.now)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "indicator"], name="adopt_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} at {self.organisation}"
