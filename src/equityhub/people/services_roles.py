"""Roles in organisations: claims, decisions by an administrator or the lead, and lead handover.

Every claim (lead, team member, partner) is pending until an administrator or the organisation's
approved lead decides it, and grants nothing until then (see `permissions`). An organisation has
at most one approved lead; a new lead comes in by handover, which ends the old lead's membership
(their history stays) and approves the new one. What the organisation owns (plans, data) is keyed
on the organisation, so it passes to whoever is its lead.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.people.models import Membership, MembershipStatus, Organisation, Role
from equityhub.people.permissions import (
    can_approve,
    can_hand_over,
    is_administrator,
    memberships,
    role_label,
)

ROLES_KIND = "people.roles"
register_notification_kind(ROLES_KIND, "Role claims and approvals")


def current_lead(organisation: Organisation) -> Membership | None:
    return memberships().leads().filter(organisation=organisation).select_related("user").first()


def approvers_of(organisation: Organisation) -> list[User]:
    """Who decides claims to this organisation: its lead and the administrators."""
    people = {u.pk: u for u in User.objects.filter(is_superuser=True, is_active=True)}
    lead = current_lead(organisation)
    if lead is not None:
        people[lead.user.pk] = lead.user
    return list(people.values())


def _tell(recipients: Iterable[User], title: str, body: str = "", link: str = "") -> None:
    notify(recipients=list(recipients), kind=ROLES_KIND, title=title, body=body, link=link)


def _check_claim(user: User, organisation: Organisation, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role"})
    if not organisation.is_current():
        raise ValidationError({"organisation": f"{organisation} has closed"})
    open_claims = Membership.objects.filter(
        user=user,
        organisation=organisation,
        role=role,
        status__in=[MembershipStatus.PENDING, MembershipStatus.APPROVED],
    )
    existing = open_claims.first()
    if existing is not None:
        what = (
            "already have" if existing.status == MembershipStatus.APPROVED else "already asked for"
        )
        raise ValidationError(f"You {what} this role at {organisation}")


@transaction.atomic
def membership_claim(
    *, user: User, organisation: Organisation, role: str, request: HttpRequest | None = None
) -> Membership:
    """Claim a role in an organisation. It is pending, and grants nothing, until approved."""
    if not user.is_active:
        raise PermissionDenied("This account is not active")
    _check_claim(user, organisation, role)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    audit_record(
        action="membership-claimed",
        actor=user,
        target=membership,
        detail={"organisation": organisation.code, "role": role},
        request=request,
    )
    approvers = [u for u in approvers_of(organisation) if u.pk != user.pk]
    _tell(
        approvers,
        f"{user} asks to be {role_label(membership)} at {organisation}",
        "Approve or reject the claim.",
        reverse("people:role-decide", args=[membership.pk]),
    )
    return membership


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    by: User,
    request: HttpRequest | None = None,
) -> Membership:
    """An administrator gives someone a role directly (for example through an invitation)."""
    if not is_administrator(by):
        raise PermissionDenied("Only administrators can give a role without a claim")
    _check_claim(user, organisation, role)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    return _approve(membership, by=by, note="Given by an administrator", request=request)


def _lock_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().select_related("user", "organisation")
    membership = locked.get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        status = MembershipStatus(membership.status).label.lower()
        raise ValidationError(f"This claim has already been decided ({status})")
    return membership


def _second_lead_message(organisation: Organisation, lead: Membership) -> str:
    return (
        f"{organisation} already has an approved lead, {lead.user}. An organisation has one lead:"
        " to change it, the current lead or an administrator hands the role over"
        " (Your roles, then Hand over the lead role)."
    )


def _approve(
    membership: Membership, *, by: User, note: str, request: HttpRequest | None
) -> Membership:
    organisation = membership.organisation
    if membership.role == Role.LEAD:
        lead = current_lead(organisation)
        if lead is not None and lead.pk != membership.pk:
            raise ValidationError(_second_lead_message(organisation, lead))
    membership.status = MembershipStatus.APPROVED
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.decision_note = note.strip()[:500]
    membership.started_on = membership.started_on or timezone.localdate()
    membership.save()
    audit_record(
        action="membership-approved",
        actor=by,
        target=membership,
        detail={
            "organisation": organisation.code,
            "role": membership.role,
            "user": membership.user.email,
        },
        request=request,
    )
    return membership


@transaction.atomic
def membership_approve(
    *, membership: Membership, by: User, note: str = "", request: HttpRequest | None = None
) -> Membership:
    """Approve a pending claim (administrator, or the organisation's lead)."""
    membership = _lock_pending(membership)
    if not can_approve(by, membership):
        raise PermissionDenied(
            "Only an administrator or the organisation's lead can decide this claim"
        )
    membership = _approve(membership, by=by, note=note, request=request)
    _tell(
        [membership.user],
        f"You are now {role_label(membership)} at {membership.organisation}",
        f"{by} approved your claim. {membership.decision_note}".strip(),
        reverse("people:roles"),
    )
    return membership


@transaction.atomic
def membership_reject(
    *, membership: Membership, by: User, reason: str, request: HttpRequest | None = None
) -> Membership:
    """Reject a pending claim, with a reason the claimant is told."""
    membership = _lock_pending(membership)
    if not can_approve(by, membership):
        raise PermissionDenied(
            "Only an administrator or the organisation's lead can decide this claim"
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason: the person who asked will see it"})
    membership.status = MembershipStatus.REJECTED
    membership.decided_by, membership.decided_at = by, timezone.now()
    membership.decision_note = reason.strip()[:500]
    membership.save()
    audit_record(
        action="membership-rejected",
        actor=by,
        target=membership,
        detail={"reason": membership.decision_note, "user": membership.user.email},
        request=request,
    )
    _tell(
        [membership.user],
        f"Your claim to be {role_label(membership)} at {membership.organisation} was not approved",
        f"Reason: {membership.decision_note}",
        reverse("people:roles"),
    )
    return membership


def _end(membership: Membership) -> None:
    membership.status = MembershipStatus.ENDED
    membership.ended_on = timezone.localdate()
    membership.save(update_fields=["status", "ended_on"])


@transaction.atomic
def membership_withdraw(
    *, membership: Membership, by: User, request: HttpRequest | None = None
) -> Membership:
    """A person withdraws their own claim or leaves a role; the record stays, ended today.

    A lead leaves by handing over, so that the organisation is never left without one by mistake.
    """
    membership = (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )
    if membership.user.pk != by.pk:
        raise PermissionDenied("You can only withdraw your own roles")
    if membership.status not in (MembershipStatus.PENDING, MembershipStatus.APPROVED):
        raise ValidationError("This role has already ended or was not approved")
    if membership.role == Role.LEAD and membership.status == MembershipStatus.APPROVED:
        raise ValidationError(
            "A lead leaves by handing the role over to the new lead, or asks an administrator"
        )
    was = membership.status
    _end(membership)
    audit_record(
        action="membership-withdrawn",
        actor=by,
        target=membership,
        detail={"organisation": membership.organisation.code, "role": membership.role, "was": was},
        request=request,
    )
    return membership


@transaction.atomic
def lead_handover(
    *, organisation: Organisation, new_lead: User, by: User, request: HttpRequest | None = None
) -> Membership:
    """Make `new_lead` the organisation's lead; the old lead's membership ends (history stays)."""
    if not can_hand_over(by, organisation):
        raise PermissionDenied(
            "Only the current lead or an administrator can hand over the lead role"
        )
    if not new_lead.is_active:
        raise ValidationError({"new_lead": f"{new_lead} cannot sign in, so cannot be the lead"})
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    old = current_lead(organisation)
    if old is not None and old.user.pk == new_lead.pk:
        raise ValidationError({"new_lead": f"{new_lead} is already the lead of {organisation}"})
    if old is not None:
        _end(old)
    claim = (
        memberships()
        .pending()
        .filter(user=new_lead, organisation=organisation, role=Role.LEAD)
        .first()
    )
    membership = claim or Membership.objects.create(
        user=new_lead, organisation=organisation, role=Role.LEAD
    )
    membership = _approve(membership, by=by, note="Lead role handed over", request=request)
    audit_record(
        action="lead-handover",
        actor=by,
        target=organisation,
        detail={"from": old.user.email if old else "", "to": new_lead.email},
        request=request,
    )
    _notify_handover(organisation, old.user if old else None, new_lead)
    return membership


def _notify_handover(organisation: Organisation, old: User | None, new: User) -> None:
    link = reverse("people:roles")
    _tell(
        [new],
        f"You are now the health inequalities lead of {organisation}",
        "Its plans and data now pass to you." + (f" You take over from {old}." if old else ""),
        link,
    )
    if old is not None:
        _tell(
            [old],
            f"You have handed over the lead role at {organisation} to {new}",
            "Your own history stays with you; the organisation's plans and data pass to"
            " the new lead.",
            link,
        )
