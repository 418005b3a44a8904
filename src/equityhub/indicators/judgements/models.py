"""Rated judgements with evidence for qualitative indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Organisation


class Rating(models.IntegerChoices):
    """A rated judgement for a qualitative indicator, from nothing in place to embedded."""

    NOT_STARTED = 1, "1 – Not started"
    EMERGING = 2, "2 – Emerging: first steps, not yet routine"
    DEVELOPING = 3, "3 – Developing: routine in places, evidence of effect"
    ESTABLISHED = 4, "4 – Established: routine everywhere, evidence of effect"
    EMBEDDED = 5, "5 – Embedded: sustained, shapes decisions, others learn from it"


class Judgement(models.Model):
    """A team's rated judgement on a qualitative indicator for one period, with its evidence.

    A later judgement for the same period replaces the earlier one on pages; both are kept.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="judgements")
    period = models.CharField(max_length=10)
    period_number = models.FloatField()
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    evidence = models.TextField(help_text="What the rating rests on: minutes, audits, examples.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period_number", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}: {self.rating}"
