"""A lead's self-assessments (every one kept, so a retake shows the change) and their plan."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.induction import answers
from equityhub.induction.querysets import OwnedQuerySet


def _choices(options: dict[str, str]) -> list[tuple[str, str]]:
    return list(options.items())


class Assessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="induction_assessments"
    )
    taken_at = models.DateTimeField(default=timezone.now)
    post = models.CharField(max_length=20, choices=_choices(answers.POST))
    time_in_role = models.CharField(max_length=20, choices=_choices(answers.TIME_IN_ROLE))
    background = models.CharField(max_length=20, choices=_choices(answers.BACKGROUND))
    organisation_type = models.CharField(max_length=20, choices=_choices(answers.ORGANISATION_TYPE))
    time_available = models.CharField(max_length=20, choices=_choices(answers.TIME_AVAILABLE))
    maturity_public_health = models.CharField(max_length=20, choices=_choices(answers.MATURITY))
    maturity_data = models.CharField(max_length=20, choices=_choices(answers.MATURITY))
    maturity_leadership = models.CharField(max_length=20, choices=_choices(answers.MATURITY))
    maturity_partnerships = models.CharField(max_length=20, choices=_choices(answers.MATURITY))
    board_roles_clear = models.CharField(max_length=20, choices=_choices(answers.BOARD_CLARITY))
    wants_buddy = models.CharField(max_length=20, choices=_choices(answers.YES_NO))
    learning_preference = models.CharField(
        max_length=20, choices=_choices(answers.LEARNING_PREFERENCE)
    )

    objects: ClassVar[OwnedQuerySet[Any]] = OwnedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"Self-assessment of {self.user} on {self.taken_at:%d %B %Y}"

    def as_answers(self) -> answers.Answers:
        return answers.Answers(
            **{name: getattr(self, name) for name in answers.Answers.__dataclass_fields__}
        )


class ItemKind(models.TextChoices):
    ACTIVITY = "activity", "Activity"
    PATHWAY = "pathway", "Learning pathway"
    LEARNING_SET = "learning_set", "Learning set"
    BUDDY = "buddy", "Buddy"
    EVENT = "event", "Event"
    SUPPORT = "support", "Support offer"


class PlanItem(models.Model):
    """One thing in a lead's personal plan, suggested by the rules or adopted by the lead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="induction_plan_items"
    )
    key = models.CharField(max_length=80, help_text="What it points at, e.g. activity:12.")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=250)
    href = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=500)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    adopted = models.BooleanField(default=False, help_text="Chosen by the lead, not suggested.")
    activity = models.ForeignKey(
        "induction.Activity",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_items",
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[OwnedQuerySet[Any]] = OwnedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="induction_one_item_per_thing")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.user})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
