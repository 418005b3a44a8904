"""Visibility rules for library content: public items for everyone, members-only when signed in."""

from __future__ import annotations

from typing import Any

from django.db import models
from wagtail.models import PageManager, PageQuerySet


def reads_members_only(user: Any) -> bool:
    """Whether this person may read members-only items: anyone signed in and active."""
    return bool(user is not None and user.is_authenticated and user.is_active)


class LibraryItemQuerySet(PageQuerySet):
    def visible_to(self, user: Any) -> LibraryItemQuerySet:
        """Live items this person may read: anonymous visitors see public items only."""
        live = self.live()
        if reads_members_only(user):
            return live
        return live.filter(members_only=False)


LibraryItemManager = PageManager.from_queryset(LibraryItemQuerySet)


class ContributionQuerySet(models.QuerySet[Any]):
    def by(self, user: Any) -> ContributionQuerySet:
        return self.filter(contributor=user)

    def open(self) -> ContributionQuerySet:
        return self.filter(status__in=["submitted", "changes_requested"])

    def awaiting_editor(self) -> ContributionQuerySet:
        return self.filter(status="submitted")
