"""Which study groups people see: their name and description are for every signed-in person
while the group is open to join; its members, posts and reading are for its leader and members
(the views decide what of a visible group to show)."""

from __future__ import annotations

from typing import Any

from django.db import models

from equityhub.core.access import signed_in


class StudyGroupQuerySet(models.QuerySet[Any]):
    def of(self, user: Any) -> StudyGroupQuerySet:
        """Groups this person leads or belongs to."""
        if not signed_in(user):
            return self.none()
        return self.filter(models.Q(leader=user) | models.Q(memberships__user=user)).distinct()

    def visible_to(self, user: Any) -> StudyGroupQuerySet:
        """Groups whose name and description this person may read: open ones and their own."""
        if not signed_in(user):
            return self.none()
        return self.filter(
            models.Q(open_to_join=True) | models.Q(pk__in=self.of(user).values("pk"))
        )
