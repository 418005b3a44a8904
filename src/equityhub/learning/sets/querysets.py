"""Who may see what in learning sets. Every view and API call goes through these rules.

- A set and everything inside it: its facilitator, co-facilitators and current members.
- Its name and purpose (to apply or answer an invitation): any signed-in person while the set
  is open, and anyone invited to it.
- Administrators: nothing, unless they hold a current break-glass grant for that set.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _runs(user: Any) -> models.Q:
    """The facilitator or a co-facilitator: the queryset twin of `LearningSet.is_run_by`."""
    return models.Q(facilitator=user) | models.Q(co_facilitators=user)


class LearningSetQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> LearningSetQuerySet:
        """Sets whose inside this person may see: they facilitate it or are a member."""
        if not _signed_in(user):
            return self.none()
        return self.filter(
            _runs(user) | models.Q(memberships__user=user, memberships__status="member")
        ).distinct()

    def run_by(self, user: Any) -> LearningSetQuerySet:
        """Sets this person facilitates, as the facilitator or a co-facilitator."""
        if not _signed_in(user):
            return self.none()
        return self.filter(_runs(user)).distinct()

    def readable_by(self, user: Any) -> LearningSetQuerySet:
        """Visible sets, plus sets an administrator has broken the glass into (for now)."""
        if not _signed_in(user):
            return self.none()
        visible = models.Q(pk__in=self.visible_to(user).values("pk"))
        if not user.is_superuser:
            return self.filter(visible)
        grants = models.Q(
            break_glass_grants__administrator=user,
            break_glass_grants__expires_at__gt=timezone.now(),
        )
        return self.filter(visible | grants).distinct()

    def discoverable_to(self, user: Any) -> LearningSetQuerySet:
        """Sets whose name and purpose this person may read: open, invited to, or visible."""
        if not _signed_in(user):
            return self.none()
        return self.filter(
            models.Q(status="open")
            | _runs(user)
            | models.Q(
                memberships__user=user,
                memberships__status__in=["invited", "member", "applied", "waiting"],
            )
        ).distinct()

    def open_to_apply(self) -> LearningSetQuerySet:
        return self.filter(status="open")


class SetMembershipQuerySet(models.QuerySet[Any]):
    def current(self) -> SetMembershipQuerySet:
        return self.filter(status="member")

    def waiting(self) -> SetMembershipQuerySet:
        return self.filter(status="waiting").order_by("decided_at", "created_at", "pk")


class MeetingQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        from equityhub.learning.sets.models import LearningSet

        return self.filter(learning_set__in=LearningSet.objects.visible_to(user).values("pk"))

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(ends_at__gt=timezone.now())


class ActionQuerySet(models.QuerySet[Any]):
    def open(self) -> ActionQuerySet:
        return self.filter(review_status__in=["open", "in_progress"])

    def of_presenter(self, user: Any) -> ActionQuerySet:
        return self.filter(presentation__presenter=user)
