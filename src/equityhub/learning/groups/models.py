"""Study groups and coaching groups.

A study group follows a library reading list on its schedule (each entry's "read by" date),
with a short discussion per item. A coaching group is a small group with a coach; it may
follow a reading list too. What members write is for the group's members and its leader only.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.learning.groups.querysets import StudyGroupQuerySet


class GroupKind(models.TextChoices):
    STUDY = "study", "Study group"
    COACHING = "coaching", "Coaching group"


class StudyGroup(models.Model):
    name = models.CharField(max_length=150)
    description = models.TextField("what the group is for", max_length=2000)
    kind = models.CharField(max_length=10, choices=GroupKind.choices, default=GroupKind.STUDY)
    reading_list = models.ForeignKey(
        "library.ReadingList",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_groups",
        help_text="The facilitator of a study group, or the coach of a coaching group.",
    )
    size_cap = models.PositiveSmallIntegerField("most members", default=12)
    open_to_join = models.BooleanField("anyone signed in can join", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[StudyGroupQuerySet] = StudyGroupQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def leader_title(self) -> str:
        return "Coach" if self.kind == GroupKind.COACHING else "Facilitator"


class GroupMembership(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="join_group_once")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class ItemPost(models.Model):
    """A short contribution to the discussion of one reading-list item (or, with no item, to
    the group's general discussion)."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="posts")
    entry = models.ForeignKey(
        "library.ReadingListEntry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Post by {self.author} in {self.group}"
