"""Improvement collaboratives: time-bound programmes around a goal linked to an indicator.

Member organisations each record improvement cycles (plan, do, study, act). The collaborative
page charts the linked indicator for each member from the indicators pillar's results, which
are already disclosure-controlled (small numbers suppressed). Expert input sessions are events
linked to the collaborative. At the end, a public showcase page says what changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.people.models import Organisation


class Collaborative(models.Model):
    name = models.CharField(max_length=150)
    goal = models.TextField("improvement goal", max_length=2000)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_collaboratives"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    organisations = models.ManyToManyField(
        Organisation, through="CollaborativeMember", related_name="+"
    )
    showcase = models.TextField("what changed", max_length=5000, blank=True)
    showcase_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="collaborative_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_ended(self) -> bool:
        return self.ends_on < timezone.localdate()


class CollaborativeMember(models.Model):
    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "organisation"], name="organisation_joins_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.collaborative}"


class CycleStage(models.TextChoices):
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    STUDY = "study", "Study"
    ACT = "act", "Act"


class Cycle(models.Model):
    """One plan-do-study-act cycle of a member organisation."""

    collaborative = models.ForeignKey(
        Collaborative, on_delete=models.CASCADE, related_name="cycles"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("change being tested", max_length=200)
    plan = models.TextField(max_length=3000)
    do = models.TextField("what happened", max_length=3000, blank=True)
    study = models.TextField("what the data showed", max_length=3000, blank=True)
    act = models.TextField("what you will do next", max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def stage(self) -> str:
        """How far the cycle has got: the last stage written."""
        for stage, text in (("act", self.act), ("study", self.study), ("do", self.do)):
            if text:
                return CycleStage(stage).label
        return CycleStage.PLAN.label
