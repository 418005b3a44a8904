"""Buddying: opt-in profiles, and pairs who have both agreed to be buddies.

Only people who opt in are suggested to others. A pairing starts when one person asks and the
other accepts; either can end it. Check-ins are prompted every few weeks.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.people.models import Interest


class BuddyingQuerySet(models.QuerySet[Any]):
    """Buddying is between two people: only they see it."""

    def visible_to(self, user: Any) -> BuddyingQuerySet:
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(models.Q(proposer=user) | models.Q(partner=user))

    def live(self) -> BuddyingQuerySet:
        """Proposed (waiting for answers) or active."""
        return self.filter(status__in=["proposed", "active"])


class Stage(models.TextChoices):
    NEW = "new", "I am new in role and would like an experienced buddy"
    EXPERIENCED = "experienced", "I am experienced and would like to support someone new"
    PEER = "peer", "I would like a peer at a similar stage"


class Background(models.TextChoices):
    CLINICAL = "clinical", "Clinical (medicine, nursing, allied health)"
    PUBLIC_HEALTH = "public_health", "Public health"
    OPERATIONS = "operations", "Operations and general management"
    STRATEGY = "strategy", "Strategy and partnerships"
    FINANCE = "finance", "Finance"
    PEOPLE = "people", "Workforce and people"
    DATA = "data", "Data and analysis"
    COMMUNITY = "community", "Community and voluntary sector"
    OTHER = "other", "Other"


class Distance(models.TextChoices):
    NEARBY = "nearby", "Someone nearby, in my system or region"
    FAR = "far", "Someone deliberately far away, for a fresh view"
    EITHER = "either", "I do not mind"


class BuddyProfile(models.Model):
    """What a person who wants a buddy tells the matcher."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_profile"
    )
    opted_in = models.BooleanField("suggest me as a buddy", default=True)
    stage = models.CharField("what you are looking for", max_length=12, choices=Stage.choices)
    background = models.CharField(
        "your professional background", max_length=20, choices=Background.choices
    )
    interests = models.ManyToManyField(Interest, blank=True, related_name="+")
    distance = models.CharField(
        "where your buddy works", max_length=10, choices=Distance.choices, default=Distance.EITHER
    )
    about = models.CharField("a line about you", max_length=300, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Buddy profile of {self.user}"


class BuddyingStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    ACTIVE = "active", "Buddies"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class Buddying(models.Model):
    """Two buddies. The proposer asked (and so accepted); the partner accepts or declines."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddyings_proposed"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddyings_received"
    )
    status = models.CharField(
        max_length=10, choices=BuddyingStatus.choices, default=BuddyingStatus.PROPOSED
    )
    reasons = models.JSONField(default=list, blank=True)
    message = models.CharField("a note to them", max_length=500, blank=True)
    check_in_weeks = models.PositiveSmallIntegerField(default=4)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    check_in_prompted_at = models.DateTimeField(null=True, blank=True)
    # A pairing the programme team arranged: both people are asked, and it starts when both
    # have accepted (the partner's acceptance is `accepted_at`, as for any buddying).
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposer_accepted_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[BuddyingQuerySet] = BuddyingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposer=models.F("partner")), name="no_buddying_with_self"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposer} and {self.partner}: {self.status}"

    def other(self, user: object) -> object:
        return self.partner if self.proposer_id == getattr(user, "pk", None) else self.proposer


class CheckIn(models.Model):
    """A short note one buddy leaves after they have caught up. Both buddies see it."""

    buddying = models.ForeignKey(Buddying, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField("how it is going", max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Check-in by {self.author}"
