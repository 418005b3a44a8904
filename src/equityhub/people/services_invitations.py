"""Invitations by administrators and facilitators: one at a time or a CSV file, and acceptance.

An administrator's invitation that names a role gives that role when accepted; a facilitator's
becomes a claim that the organisation's lead or an administrator approves, like any other.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.people import services_roles
from equityhub.people.models import Invitation, Organisation, Role
from equityhub.people.permissions import can_invite, is_administrator
from equityhub.people.services_accounts import LinkProblem, absolute_url, check_password, send_email


class AlreadyThere(ValidationError):
    """The person already has an account or an open invitation (a bulk upload skips them)."""


def _account(email: str) -> User | None:
    """The account that uses this email, if it is in use (an unconfirmed registration is not)."""
    found = User.objects.filter(email__iexact=email).first()
    if found is not None and (found.is_active or found.email_verified):
        return found
    return None


def _check_invitation(email: str, organisation: Organisation | None, role: str) -> None:
    if not email:
        raise ValidationError({"email": "enter an email address"})
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": f"{email!r} is not a valid email address"}) from error
    if role and role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role: use {', '.join(Role.values)}"})
    if bool(role) != bool(organisation):
        raise ValidationError("give both an organisation and a role, or neither")
    if organisation is not None and not organisation.is_current():
        raise ValidationError({"organisation": f"{organisation} has closed"})
    if _account(email) is not None:
        raise AlreadyThere({"email": f"{email} already has an account"})
    if Invitation.objects.open().filter(email__iexact=email).exists():
        raise AlreadyThere({"email": f"{email} has already been invited"})


@transaction.atomic
def invitation_send(
    *,
    email: str,
    invited_by: User,
    full_name: str = "",
    organisation: Organisation | None = None,
    role: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite someone to Equity Hub (administrators and facilitators only)."""
    if not can_invite(invited_by):
        raise PermissionDenied("Only administrators and facilitators can invite people")
    email = email.strip().lower()
    _check_invitation(email, organisation, role)
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    audit_record(
        action="invitation-sent",
        actor=invited_by,
        target=invitation,
        detail={
            "email": email,
            "organisation": organisation.code if organisation else "",
            "role": role,
        },
        request=request,
    )
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(
    *, invitation: Invitation, by: User, request: HttpRequest | None = None
) -> Invitation:
    """Stop an open invitation from working (administrators and facilitators)."""
    if not can_invite(by):
        raise PermissionDenied("Only administrators and facilitators can withdraw invitations")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError("This invitation has already been accepted or has expired")
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    audit_record(
        action="invitation-withdrawn",
        actor=by,
        target=invitation,
        detail={"email": invitation.email},
        request=request,
    )
    return invitation


def _send_invitation(invitation: Invitation) -> None:
    send_email(
        template="invitation",
        subject="You are invited to Equity Hub",
        to=invitation.email,
        invitation=invitation,
        accept_url=absolute_url("people:invitation-accept", token=invitation.token),
    )


def invitation_for_token(token: str) -> Invitation:
    """The open invitation behind a link, or LinkProblem (404 unknown, 410 used or expired)."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise LinkProblem("This invitation link is not right. Check you copied all of it.", 404)
    if invitation.accepted_at is not None:
        raise LinkProblem("This invitation has already been used. You can sign in.", 410)
    if invitation.expires_at <= timezone.now():
        raise LinkProblem(
            "This invitation has expired. Ask the person who invited you to send a new one.", 410
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, full_name: str, password: str, request: HttpRequest | None = None
) -> User:
    """Accept an invitation: create the (verified) account, and the role it offers."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise LinkProblem("This invitation has already been used. You can sign in.", 410)
    if _account(invitation.email) is not None:
        raise LinkProblem("An account already exists for this email address. Sign in instead.", 410)
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter your full name"})
    check_password(password, email=invitation.email, full_name=full_name)
    user = _create_or_confirm(invitation.email, full_name.strip(), password)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(action="invitation-accepted", actor=user, target=invitation, request=request)
    if invitation.organisation is not None and invitation.role:
        _role_from_invitation(invitation, user, request)
    return user


def _create_or_confirm(email: str, full_name: str, password: str) -> User:
    """A new, verified account; or an unconfirmed registration taken over and confirmed.

    The invitation link reached the mailbox, which proves the address as well as a verification
    link would.
    """
    unconfirmed = User.objects.filter(email__iexact=email).first()
    if unconfirmed is None:
        return User.objects.create_user(email, password, full_name=full_name, email_verified=True)
    unconfirmed.full_name = full_name
    unconfirmed.set_password(password)
    unconfirmed.email_verified = unconfirmed.is_active = True
    unconfirmed.save(update_fields=["full_name", "password", "email_verified", "is_active"])
    return unconfirmed


def _role_from_invitation(invitation: Invitation, user: User, request: HttpRequest | None) -> None:
    """An administrator's invitation grants the role; a facilitator's is a claim to approve.

    A lead role for an organisation that already has a lead stays a claim: it needs a handover.
    """
    organisation, role, inviter = invitation.organisation, invitation.role, invitation.invited_by
    if organisation is None or not role:
        return
    taken = role == Role.LEAD and services_roles.current_lead(organisation) is not None
    if inviter is not None and is_administrator(inviter) and not taken:
        services_roles.membership_grant(
            user=user, organisation=organisation, role=role, by=inviter, request=request
        )
    else:
        services_roles.membership_claim(
            user=user, organisation=organisation, role=role, request=request
        )


# Bulk invitations from a CSV file -------------------------------------------------------------

CSV_COLUMNS = ("email", "full_name", "organisation_code", "role")
MAX_ROWS = 1000
Outcome = Literal["invited", "skipped", "invalid"]


@dataclass(frozen=True)
class RowResult:
    """What happened to one row. `row` counts as a spreadsheet does: the header is row 1."""

    row: int
    email: str
    outcome: Outcome
    message: str


@dataclass(frozen=True)
class BulkReport:
    rows: tuple[RowResult, ...]

    def _with(self, outcome: Outcome) -> list[RowResult]:
        return [r for r in self.rows if r.outcome == outcome]

    @property
    def invited(self) -> list[RowResult]:
        return self._with("invited")

    @property
    def skipped(self) -> list[RowResult]:
        return self._with("skipped")

    @property
    def invalid(self) -> list[RowResult]:
        return self._with("invalid")


def _read_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        raise ValidationError("The first row must name the columns: " + ", ".join(CSV_COLUMNS))
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        raise ValidationError(
            f"Unknown column {unknown[0]!r}: the columns are " + ", ".join(CSV_COLUMNS)
        )
    reader.fieldnames = header
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file has {len(rows)} rows: upload at most {MAX_ROWS} at a time")
    if not rows:
        raise ValidationError("The file has no rows under the header")
    return rows


def _role_value(text: str) -> str:
    wanted = text.strip().lower()
    for value, label in Role.choices:
        if wanted in (value, str(label).lower(), value.replace("_", " ")):
            return value
    raise ValidationError({"role": f"{text!r} is not a role: use lead, team_member or partner"})


def _organisation(code: str) -> Organisation | None:
    if not code:
        return None
    found = Organisation.objects.filter(code__iexact=code.strip()).first()
    if found is None:
        raise ValidationError({"organisation_code": f"no organisation has the code {code!r}"})
    return found


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.error_dict.items()))
        column = "organisation_code" if field == "organisation" else field
        return f"column {column}: {messages[0].messages[0]}"
    return error.messages[0]


def _invite_row(
    number: int, row: dict[str, str], by: User, request: HttpRequest | None
) -> RowResult:
    email = row.get("email", "")
    try:
        with transaction.atomic():
            invitation_send(
                email=email,
                full_name=row.get("full_name", ""),
                organisation=_organisation(row.get("organisation_code", "")),
                role=_role_value(row["role"]) if row.get("role") else "",
                invited_by=by,
                request=request,
            )
    except AlreadyThere as error:
        return RowResult(number, email, "skipped", f"Row {number}: {error.messages[0]}")
    except ValidationError as error:
        return RowResult(number, email, "invalid", f"Row {number}, {_describe(error)}")
    return RowResult(number, email, "invited", f"Row {number}: invited {email}")


@transaction.atomic
def invitations_from_csv(
    *, text: str, invited_by: User, request: HttpRequest | None = None
) -> BulkReport:
    """Invite everyone in a CSV file. Each row stands alone: a bad row never stops a good one.

    Raises ValidationError only when the file as a whole cannot be read (no header, too long).
    """
    if not can_invite(invited_by):
        raise PermissionDenied("Only administrators and facilitators can invite people")
    rows = _read_rows(text)
    results = [
        _invite_row(number, row, invited_by, request) for number, row in enumerate(rows, start=2)
    ]
    return BulkReport(tuple(results))
