"""Visibility and status rules for people records."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class OrganisationQuerySet(models.QuerySet[Any]):
    def current(self) -> OrganisationQuerySet:
        today = timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))


class MembershipQuerySet(models.QuerySet[Any]):
    def approved(self) -> MembershipQuerySet:
        return self.filter(status="approved")

    def pending(self) -> MembershipQuerySet:
        return self.filter(status="pending")

    def leads(self) -> MembershipQuerySet:
        return self.approved().filter(role="lead")


class ProfileQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ProfileQuerySet:
        """Signed-in people see listed, active profiles (and always their own)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(listed=True, user__is_active=True) | models.Q(user=user))


class InvitationQuerySet(models.QuerySet[Any]):
    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())
