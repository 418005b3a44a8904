"""Which exchange listings and visits people see: listings are for every signed-in person; a
visit, with its messages and learning note, only for its host and its visitor."""

from __future__ import annotations

from typing import Any

from django.db import models

from equityhub.core.access import signed_in


class ExchangeListingQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ExchangeListingQuerySet:
        return self.all() if signed_in(user) else self.none()


class VisitQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> VisitQuerySet:
        if not signed_in(user):
            return self.none()
        return self.filter(models.Q(host=user) | models.Q(visitor=user))
