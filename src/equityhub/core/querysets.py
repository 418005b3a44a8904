"""Visibility rules for core records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from equityhub.core.access import signed_in

if TYPE_CHECKING:
    from equityhub.core.models import User


class AuditEventQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted")

    def about(self, target_type: str, target_id: object) -> AuditEventQuerySet:
        return self.filter(target_type=target_type, target_id=str(target_id))


class NotificationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User) -> NotificationQuerySet:
        """A person's own notifications: nobody else's, not even an administrator's."""
        if not signed_in(user):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)
