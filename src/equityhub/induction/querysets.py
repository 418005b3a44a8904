"""Visibility rules of the induction catalogues and plans."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.db import models

from equityhub.core.access import signed_in

_M = TypeVar("_M", bound=models.Model)


class CatalogueQuerySet(models.QuerySet[_M]):
    def published(self) -> CatalogueQuerySet[_M]:
        return self.filter(status="published")

    def visible_to(self, user: Any) -> CatalogueQuerySet[_M]:
        """Published entries for everyone; a contributor also sees their own proposals;
        editors see everything."""
        from equityhub.library.permissions import is_editor

        if is_editor(user):
            return self.all()
        if signed_in(user):
            return self.filter(models.Q(status="published") | models.Q(contributed_by=user))
        return self.published()

    def awaiting_editor(self) -> CatalogueQuerySet[_M]:
        return self.filter(status="proposed")

    def with_adoptions(self) -> CatalogueQuerySet[_M]:
        """Each activity with the number of people who have it in their plan."""
        annotated = self.annotate(adoption_count=models.Count("plan_items__user", distinct=True))
        return cast("CatalogueQuerySet[_M]", annotated)


class OwnedQuerySet(models.QuerySet[_M]):
    """Records that belong to one person: only they see them."""

    def visible_to(self, user: Any) -> OwnedQuerySet[_M]:
        if not signed_in(user):
            return self.none()
        return self.filter(user=user)
