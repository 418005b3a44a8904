"""Who may do what with people's roles. Other apps ask these questions.

Only approved memberships grant anything: a pending, rejected or ended role is history, not a
right. Administrators are superusers; facilitators and content editors are Django groups.

Decisions on role claims (all three roles go through approval, partners included, so that the
directory only shows people an organisation recognises):
- an administrator may decide any claim;
- an organisation's approved lead may decide claims to their own organisation, except their own.

The same rules are registered with django-rules, so `user.has_perm("people.approve_membership",
membership)` and `user.has_perm("people.invite")` work in templates and other apps.
"""

from __future__ import annotations

from typing import Any, cast

import rules
from django.db.models import Q, QuerySet

from equityhub.core.standing import in_group
from equityhub.people.models import (
    READER_ROLES,
    GlobalRole,
    Membership,
    MembershipStatus,
    Organisation,
    Role,
)
from equityhub.people.querysets import MembershipQuerySet


def memberships() -> MembershipQuerySet:
    """All memberships, typed as their queryset (with approved(), pending(), leads())."""
    return cast(MembershipQuerySet, Membership.objects.all())


def role_label(membership: Membership) -> str:
    """ "team member", "health inequalities lead", "system partner": for use inside sentences."""
    return str(Role(membership.role).label).lower()


def is_administrator(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_facilitator(user: Any) -> bool:
    return in_group(user, GlobalRole.FACILITATOR)


def approved_roles(user: Any) -> dict[Organisation, frozenset[str]]:
    """Each organisation where `user` holds an approved role, with those roles, by name.

    Pages ask this several times (the dashboard, the figures' key, the adopt link), so it is
    read in one query and kept on the person's object: every request reads the person anew, and
    any membership saved or deleted in this process since makes every kept answer stale.
    """
    if not (user and user.is_authenticated and user.is_active):
        return {}
    generation, kept = user.__dict__.get(_KEPT_ROLES, (-1, None))
    if kept is None or generation != _changes[0]:
        found: dict[int, tuple[Organisation, set[str]]] = {}
        for membership in memberships().approved().filter(user=user).select_related("organisation"):
            organisation = membership.organisation
            found.setdefault(organisation.pk, (organisation, set()))[1].add(membership.role)
        ordered = sorted(found.values(), key=lambda pair: (pair[0].name, pair[0].pk))
        kept = {organisation: frozenset(roles) for organisation, roles in ordered}
        user.__dict__[_KEPT_ROLES] = (_changes[0], kept)
    return kept


_KEPT_ROLES = "_approved_roles"
_changes = [0]  # memberships saved or deleted in this process


def forget_roles(**_: Any) -> None:
    """After any membership changes, every person's kept roles are read again when next asked."""
    _changes[0] += 1


def _holds(user: Any, organisation: Organisation, roles: set[str]) -> bool:
    return not approved_roles(user).get(organisation, frozenset()).isdisjoint(roles)


def is_lead_of(user: Any, organisation: Organisation) -> bool:
    """True when `user` is the organisation's approved health inequalities lead."""
    return _holds(user, organisation, {Role.LEAD})


def is_team_member_of(user: Any, organisation: Organisation) -> bool:
    """True for the approved lead and approved team members of the organisation."""
    return _holds(user, organisation, {Role.LEAD, Role.TEAM_MEMBER})


def is_board_member_of(user: Any, organisation: Organisation) -> bool:
    """True for an approved board member (chair, non-executive or executive director)."""
    return _holds(user, organisation, {Role.BOARD})


def is_reader_of(user: Any, organisation: Organisation) -> bool:
    """May `user` read the organisation's unpublished figures and papers (team or board)?"""
    return _holds(user, organisation, set(READER_ROLES))


def can_invite(user: Any) -> bool:
    """Administrators and facilitators send invitations."""
    return is_administrator(user) or is_facilitator(user)


def can_approve(user: Any, membership: Membership) -> bool:
    """May `user` approve or reject this (pending) role claim?"""
    if membership.status != MembershipStatus.PENDING:
        return False
    if is_administrator(user):
        return True
    return membership.user.pk != user.pk and is_lead_of(user, membership.organisation)


def can_hand_over(user: Any, organisation: Organisation) -> bool:
    """The current lead or an administrator may hand the lead role to someone else."""
    return is_administrator(user) or is_lead_of(user, organisation)


def is_approver(user: Any) -> bool:
    """Does `user` decide anyone's claims (an administrator, or the lead of somewhere)?"""
    if is_administrator(user):
        return True
    return bool(user.is_authenticated and memberships().leads().filter(user=user).exists())


def claims_for_approver(user: Any) -> QuerySet[Membership]:
    """Pending claims this person may decide, oldest first."""
    pending = memberships().pending().select_related("user", "organisation")
    if is_administrator(user):
        return pending.order_by("requested_at")
    if not user.is_authenticated:
        return pending.none()
    led = memberships().leads().filter(user=user).values("organisation")
    return pending.filter(Q(organisation__in=led) & ~Q(user=user)).order_by("requested_at")


rules.set_perm("people.invite", rules.predicate(can_invite))
rules.set_perm("people.approve_membership", rules.predicate(can_approve))
rules.set_perm("people.hand_over_lead", rules.predicate(can_hand_over))
