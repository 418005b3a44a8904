"""Adding many people to a learning set in one step: from a CSV file of emails, or picked by
system, region and role.

Everyone is invited to the set (they accept or decline, as with any invitation). Someone with
no account is invited to Equity Hub and to the set in the same step: their place waits as a
`PendingSetPlace` until they accept the platform invitation. All or nothing: every person is
checked first, and if any cannot be added nothing is stored and nobody is emailed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.permissions import can_run
from equityhub.learning.sets import services
from equityhub.learning.sets.bulk_csv import Candidate, Problem, ProblemsFound
from equityhub.learning.sets.models import (
    LearningSet,
    MemberStatus,
    PendingSetPlace,
    SetMembership,
    SetStatus,
)
from equityhub.learning.sets.scope import area_of, in_scope
from equityhub.people.models import Invitation, Organisation, Region, System
from equityhub.people.services_invitations import invitation_send


@dataclass(frozen=True)
class BulkAddReport:
    invited: tuple[str, ...]  # had an account: invited to the set
    invited_to_platform: tuple[str, ...]  # no account: invited to Equity Hub and the set
    already: tuple[str, ...]  # already invited to, waiting for or in the set

    @property
    def summary(self) -> str:
        parts = [
            f"{len(self.invited)} invited to the set",
            f"{len(self.invited_to_platform)} invited to Equity Hub and the set",
        ]
        if self.already:
            parts.append(f"{len(self.already)} already invited or members")
        return ", ".join(parts)


@dataclass(frozen=True)
class _Plan:
    invite: list[User]
    invite_to_platform: list[Candidate]
    already: list[str]


def _accounts(emails: list[str]) -> dict[str, User]:
    found = User.objects.filter(email__in=emails).filter(Q(is_active=True) | Q(email_verified=True))
    return {user.email.lower(): user for user in found}


def _plan(
    learning_set: LearningSet, candidates: list[Candidate], filename: str, override: bool
) -> _Plan:
    accounts = _accounts([c.email for c in candidates])
    places = dict(
        SetMembership.objects.filter(learning_set=learning_set, user__in=accounts.values())
        .exclude(status=MemberStatus.LEFT)
        .values_list("user__email", "status")
    )
    running = {person.pk for person in learning_set.facilitators()}
    plan = _Plan([], [], [])
    problems: list[Problem] = []
    for candidate in candidates:
        user = accounts.get(candidate.email)
        if user is None:
            plan.invite_to_platform.append(candidate)
        elif user.pk in running or user.email in places:
            plan.already.append(candidate.email)
        elif not user.is_active:
            problems.append(Problem(filename, candidate.row, "email", "this account is closed"))
        elif not override and not in_scope(user, learning_set, area_of(user)):
            message = f"{candidate.email} does not work in {learning_set.area}, the set's area"
            problems.append(Problem(filename, candidate.row, "email", message))
        else:
            plan.invite.append(user)
    if problems:
        raise ProblemsFound(problems)
    return plan


def _keep_place(
    learning_set: LearningSet, candidate: Candidate, by: User, request: HttpRequest | None
) -> None:
    invitation = Invitation.objects.open().filter(email__iexact=candidate.email).first()
    if invitation is None:
        invitation = invitation_send(
            email=candidate.email, full_name=candidate.full_name, invited_by=by, request=request
        )
    PendingSetPlace.objects.get_or_create(
        invitation=invitation, learning_set=learning_set, defaults={"added_by": by}
    )


@transaction.atomic
def set_members_add(
    *,
    by: User,
    learning_set: LearningSet,
    candidates: list[Candidate],
    filename: str = "the list",
    override_scope: bool = False,
    request: HttpRequest | None = None,
) -> BulkAddReport:
    """Invite everyone named to the set (and to Equity Hub when they have no account)."""
    services.require_facilitator_of(by, learning_set)
    if override_scope and not can_run(by):
        raise PermissionDenied("Only the programme team can override a set's area")
    if learning_set.status == SetStatus.CLOSED:
        raise ProblemsFound([Problem(filename, 0, "", "this set has closed")])
    if not candidates:
        raise ProblemsFound([Problem(filename, 0, "", "there is nobody to add")])
    plan = _plan(learning_set, candidates, filename, override_scope)
    for user in plan.invite:
        services.membership_invite(by=by, learning_set=learning_set, user=user, request=request)
    for candidate in plan.invite_to_platform:
        _keep_place(learning_set, candidate, by, request)
    report = BulkAddReport(
        invited=tuple(u.email for u in plan.invite),
        invited_to_platform=tuple(c.email for c in plan.invite_to_platform),
        already=tuple(plan.already),
    )
    audit_record(
        action="learning.member.bulk_add",
        actor=by,
        target=learning_set,
        detail={
            "invited": len(report.invited),
            "invited_to_platform": len(report.invited_to_platform),
            "override_scope": override_scope,
        },
        request=request,
    )
    return report


def people_in_area(*, region: Region | None, system: System | None, role: str) -> list[Candidate]:
    """Approved holders of a role in current organisations of a system or region."""
    organisations = Organisation.objects.current()
    if system is not None:
        organisations = organisations.filter(system=system)
    elif region is not None:
        organisations = organisations.filter(Q(region=region) | Q(system__region=region))
    users = (
        User.objects.filter(
            is_active=True,
            memberships__status="approved",
            memberships__role=role,
            memberships__organisation__in=organisations,
        )
        .distinct()
        .order_by("full_name")
    )
    return [Candidate(0, user.email.lower(), user.full_name) for user in users]


def places_take_up(invitation: Invitation) -> int:
    """Someone accepted their platform invitation: their kept set places become invitations."""
    user = invitation.accepted_by
    if user is None:
        return 0
    places = PendingSetPlace.objects.filter(invitation=invitation, used_at__isnull=True)
    taken = 0
    for place in places.select_related("learning_set"):
        learning_set = place.learning_set
        place.used_at = timezone.now()
        place.save(update_fields=["used_at"])
        if learning_set.status == SetStatus.CLOSED:
            continue
        SetMembership.objects.update_or_create(
            learning_set=learning_set,
            user=user,
            defaults={"status": MemberStatus.INVITED, "created_at": timezone.now()},
        )
        services.tell(
            [user],
            f"You are invited to join the learning set {learning_set}",
            reverse("learning:set-join", kwargs={"pk": learning_set.pk}),
        )
        taken += 1
    return taken


def invitation_saved(sender: type[Invitation], instance: Invitation, **kwargs: object) -> None:
    """Connected to people's Invitation at start-up: acceptance takes up kept set places."""
    if instance.accepted_by_id is not None:
        places_take_up(instance)
