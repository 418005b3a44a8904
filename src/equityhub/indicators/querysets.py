"""Who may see what: returns and unpublished results belong to the organisation's team."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from equityhub.people.models import Organisation

TEAM_ROLES = ("lead", "team_member")
READER_ROLES = (*TEAM_ROLES, "board")


def team_organisation_ids(user: Any) -> models.QuerySet[Any]:
    """Ids of organisations where `user` is an approved lead or team member (who write)."""
    from equityhub.people.models import Membership

    return (
        Membership.objects.approved()
        .filter(user=user, role__in=TEAM_ROLES)
        .values("organisation_id")
    )


def reader_organisation_ids(user: Any) -> models.QuerySet[Any]:
    """Ids of organisations whose unpublished figures `user` may read: the team and the board."""
    from equityhub.people.models import Membership

    return (
        Membership.objects.approved()
        .filter(user=user, role__in=READER_ROLES)
        .values("organisation_id")
    )


def team_organisations(user: Any) -> list[Organisation]:
    """Organisations where `user` is an approved lead or team member, by name."""
    return _holding(user, TEAM_ROLES)


def reader_organisations(user: Any) -> list[Organisation]:
    """Organisations whose unpublished figures and papers `user` reads: team and board."""
    return _holding(user, READER_ROLES)


def _holding(user: Any, roles: tuple[str, ...]) -> list[Organisation]:
    from equityhub.people.permissions import approved_roles

    return [o for o, held in approved_roles(user).items() if not held.isdisjoint(roles)]


def _is_administrator(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


class IndicatorQuerySet(models.QuerySet[Any]):
    def national(self) -> IndicatorQuerySet:
        return self.filter(owner_organisation__isnull=True)

    def visible_to(self, user: Any) -> IndicatorQuerySet:
        """National indicators for everyone; local ones for their organisation's team and board
        (from the roles the page has read already, not a query of its own)."""
        if _is_administrator(user):
            return self.all()
        if not (user and user.is_authenticated):
            return self.national()
        return self.filter(
            models.Q(owner_organisation__isnull=True)
            | models.Q(owner_organisation__in=[o.pk for o in reader_organisations(user)])
        )

    def usable_by(self, organisation: Any) -> IndicatorQuerySet:
        """National indicators and the organisation's own local ones."""
        return self.filter(
            models.Q(owner_organisation__isnull=True) | models.Q(owner_organisation=organisation)
        )


class DataReturnQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> DataReturnQuerySet:
        """Returns are seen by their organisation's team and administrators only."""
        if _is_administrator(user):
            return self.all()
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(organisation__in=team_organisation_ids(user))

    def committed(self) -> DataReturnQuerySet:
        return self.filter(status="committed")


class ResultQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ResultQuerySet:
        """Published results for everyone; unpublished ones for the organisation's team and
        board."""
        if _is_administrator(user):
            return self.all()
        if not (user and user.is_authenticated):
            return self.filter(published=True)
        return self.filter(
            models.Q(published=True) | models.Q(organisation__in=reader_organisation_ids(user))
        )

    def published(self) -> ResultQuerySet:
        return self.filter(published=True)


class AdoptionQuerySet(models.QuerySet[Any]):
    def of(self, organisation: Any) -> AdoptionQuerySet:
        return self.filter(organisation=organisation).select_related("indicator", "owner")


class BoardPaperQuerySet(models.QuerySet[Any]):
    def public(self) -> BoardPaperQuerySet:
        """Published papers opened to anyone with the link, newest meeting first."""
        return self.filter(status="published", is_public=True).order_by("-meeting_date", "-pk")
