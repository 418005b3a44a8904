"""Role claims, decisions by the lead or an administrator, and lead handover."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from equityhub.core.models import AuditEvent, User
from equityhub.core.notifications import NOTIFICATION_KINDS
from equityhub.people import services_roles
from equityhub.people.models import Membership, Organisation
from equityhub.people.permissions import (
    can_approve,
    can_hand_over,
    can_invite,
    claims_for_approver,
    is_approver,
    is_lead_of,
    is_team_member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_organisation(organisation: Organisation) -> Organisation:
    return Organisation.objects.create(
        code="RYY", name="Other Community NHS Trust", kind="trust", system=organisation.system
    )


def claim(user: User, organisation: Organisation, role: str = "team_member") -> Membership:
    return services_roles.membership_claim(user=user, organisation=organisation, role=role)


# Claims ---------------------------------------------------------------------------------------


def test_the_notification_kind_is_registered() -> None:
    assert "people.roles" in NOTIFICATION_KINDS


def test_an_unapproved_role_claim_grants_nothing(
    personas: dict[str, Any], organisation: Organisation, make_user: Any
) -> None:
    claimant = personas["outsider"]
    lead_claim = claim(claimant, organisation, "lead")
    team_claim = claim(claimant, organisation, "team_member")
    assert lead_claim.status == team_claim.status == "pending"
    assert not is_lead_of(claimant, organisation)
    assert not is_team_member_of(claimant, organisation)
    assert not can_hand_over(claimant, organisation)
    assert not is_approver(claimant)
    assert not can_invite(claimant)
    somebody_else = claim(make_user(), organisation)
    assert not can_approve(claimant, somebody_else)
    assert list(claims_for_approver(claimant)) == []
    with pytest.raises(PermissionDenied):
        services_roles.membership_approve(membership=somebody_else, by=claimant)
    with pytest.raises(PermissionDenied):
        services_roles.lead_handover(organisation=organisation, new_lead=claimant, by=claimant)


def test_a_claim_tells_the_lead_and_administrators_and_is_audited(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation, "partner")
    for approver in (personas["owner"], personas["administrator"]):
        note = approver.notifications.get(kind="people.roles")
        assert "Otto Outsider asks to be system partner" in note.title
        assert note.link == f"/people/roles/pending/{membership.pk}/"
    assert not personas["member"].notifications.exists()
    event = AuditEvent.objects.get(action="membership-claimed")
    assert event.detail == {"organisation": "RZZ", "role": "partner"}


def test_bad_claims_are_refused(personas: dict[str, Any], organisation: Organisation) -> None:
    outsider = personas["outsider"]
    with pytest.raises(ValidationError, match="Choose a role"):
        claim(outsider, organisation, "emperor")
    claim(outsider, organisation)
    with pytest.raises(ValidationError, match="already asked for this role"):
        claim(outsider, organisation)
    with pytest.raises(ValidationError, match="already have this role"):
        claim(personas["member"], organisation)
    organisation.end_date = timezone.localdate() - datetime.timedelta(days=1)
    organisation.save()
    with pytest.raises(ValidationError, match="has closed"):
        claim(outsider, organisation, "partner")


def test_a_rejected_claim_can_be_made_again(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    first = claim(personas["outsider"], organisation)
    services_roles.membership_reject(membership=first, by=personas["owner"], reason="Not known")
    assert claim(personas["outsider"], organisation).status == "pending"


# Decisions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("approver", ["owner", "administrator"])
def test_lead_or_administrator_approves(
    approver: str, personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation)
    decided = services_roles.membership_approve(
        membership=membership, by=personas[approver], note="Welcome"
    )
    assert decided.status == "approved"
    assert decided.decided_by == personas[approver]
    assert decided.started_on == timezone.localdate()
    assert is_team_member_of(personas["outsider"], organisation)
    told = personas["outsider"].notifications.get(kind="people.roles")
    assert told.title == "You are now team member at Test Hospitals NHS Trust"
    assert AuditEvent.objects.filter(
        action="membership-approved", actor=personas[approver]
    ).exists()


@pytest.mark.parametrize("persona", ["member", "outsider"])
def test_others_cannot_decide(
    persona: str, personas: dict[str, Any], make_user: Any, organisation: Organisation
) -> None:
    membership = claim(make_user(), organisation)
    with pytest.raises(PermissionDenied):
        services_roles.membership_approve(membership=membership, by=personas[persona])
    with pytest.raises(PermissionDenied):
        services_roles.membership_reject(membership=membership, by=personas[persona], reason="No")
    membership.refresh_from_db()
    assert membership.status == "pending"


def test_a_lead_decides_only_for_their_own_organisation(
    personas: dict[str, Any], other_organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], other_organisation)
    assert not can_approve(personas["owner"], membership)
    assert membership not in claims_for_approver(personas["owner"])
    assert membership in claims_for_approver(personas["administrator"])


def test_a_lead_cannot_approve_their_own_claim(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    own = claim(personas["owner"], organisation, "partner")
    assert not can_approve(personas["owner"], own)
    assert own not in claims_for_approver(personas["owner"])


def test_a_second_lead_is_refused_with_a_pointer_to_handover(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation, "lead")
    with pytest.raises(ValidationError) as caught:
        services_roles.membership_approve(membership=membership, by=personas["administrator"])
    message = caught.value.messages[0]
    assert "already has an approved lead, Olivia Owner" in message
    assert "hands the role over" in message
    membership.refresh_from_db()
    assert membership.status == "pending"


def test_rejecting_needs_a_reason_which_the_claimant_is_told(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation)
    with pytest.raises(ValidationError) as caught:
        services_roles.membership_reject(membership=membership, by=personas["owner"], reason=" ")
    assert "reason" in caught.value.message_dict
    services_roles.membership_reject(
        membership=membership, by=personas["owner"], reason="Not in our team"
    )
    membership.refresh_from_db()
    assert membership.status == "rejected" and membership.decision_note == "Not in our team"
    told = personas["outsider"].notifications.get(kind="people.roles")
    assert told.body == "Reason: Not in our team"
    event = AuditEvent.objects.get(action="membership-rejected")
    assert event.detail["reason"] == "Not in our team"


def test_a_decided_claim_cannot_be_decided_again(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation)
    services_roles.membership_approve(membership=membership, by=personas["owner"])
    with pytest.raises(ValidationError, match="already been decided"):
        services_roles.membership_reject(membership=membership, by=personas["owner"], reason="x")


def test_grant_is_for_administrators_only(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services_roles.membership_grant(
            user=personas["outsider"],
            organisation=organisation,
            role="partner",
            by=personas["owner"],
        )
    granted = services_roles.membership_grant(
        user=personas["outsider"],
        organisation=organisation,
        role="partner",
        by=personas["administrator"],
    )
    assert granted.status == "approved"


# Handover -------------------------------------------------------------------------------------


def test_handover_keeps_the_old_leads_history(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    old, new = personas["owner"], personas["member"]
    old_membership = Membership.objects.get(user=old, role="lead")
    services_roles.lead_handover(organisation=organisation, new_lead=new, by=old)
    old_membership.refresh_from_db()
    assert old_membership.status == "ended"
    assert old_membership.ended_on == timezone.localdate()
    assert Membership.objects.filter(user=old).count() == 1  # history kept, not deleted
    assert is_lead_of(new, organisation) and not is_lead_of(old, organisation)
    assert services_roles.current_lead(organisation).user == new  # type: ignore[union-attr]
    assert new.notifications.get(kind="people.roles").title.startswith("You are now the health")
    assert old.notifications.get(kind="people.roles").title.startswith("You have handed over")
    event = AuditEvent.objects.get(action="lead-handover")
    assert event.detail == {"from": old.email, "to": new.email}
    assert event.target_id == str(organisation.pk)


def test_handover_approves_a_waiting_lead_claim(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    waiting = claim(personas["outsider"], organisation, "lead")
    result = services_roles.lead_handover(
        organisation=organisation, new_lead=personas["outsider"], by=personas["administrator"]
    )
    assert result.pk == waiting.pk and result.status == "approved"


def test_administrator_names_a_first_lead_by_handover(
    personas: dict[str, Any], other_organisation: Organisation
) -> None:
    services_roles.lead_handover(
        organisation=other_organisation, new_lead=personas["outsider"], by=personas["administrator"]
    )
    assert is_lead_of(personas["outsider"], other_organisation)


def test_handover_rules(
    personas: dict[str, Any], organisation: Organisation, make_user: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services_roles.lead_handover(
            organisation=organisation, new_lead=personas["member"], by=personas["member"]
        )
    with pytest.raises(ValidationError, match="already the lead"):
        services_roles.lead_handover(
            organisation=organisation, new_lead=personas["owner"], by=personas["owner"]
        )
    inactive = make_user(is_active=False)
    with pytest.raises(ValidationError, match="cannot sign in"):
        services_roles.lead_handover(
            organisation=organisation, new_lead=inactive, by=personas["owner"]
        )
    assert is_lead_of(personas["owner"], organisation)


def test_ended_and_rejected_roles_grant_nothing(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    Membership.objects.filter(user=personas["member"]).update(status="ended")
    assert not is_team_member_of(personas["member"], organisation)
    personas["owner"].is_active = False
    personas["owner"].save()
    assert not is_lead_of(personas["owner"], organisation)


def test_rules_permissions_are_registered(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    membership = claim(personas["outsider"], organisation)
    assert personas["owner"].has_perm("people.approve_membership", membership)
    assert not personas["member"].has_perm("people.approve_membership", membership)
    assert personas["owner"].has_perm("people.hand_over_lead", organisation)
    assert not personas["owner"].has_perm("people.invite")


# Withdrawing ----------------------------------------------------------------------------------


def test_withdrawing_a_claim_or_leaving_a_role_keeps_the_record(
    personas: dict[str, Any], organisation: Organisation
) -> None:
    pending = claim(personas["outsider"], organisation, "partner")
    services_roles.membership_withdraw(membership=pending, by=personas["outsider"])
    pending.refresh_from_db()
    assert pending.status == "ended" and pending.ended_on == timezone.localdate()
    assert pending not in claims_for_approver(personas["owner"])
    team = Membership.objects.get(user=personas["member"])
    services_roles.membership_withdraw(membership=team, by=personas["member"])
    assert not is_team_member_of(personas["member"], organisation)
    assert Membership.objects.filter(user=personas["member"]).count() == 1
    assert AuditEvent.objects.filter(action="membership-withdrawn").count() == 2


def test_withdrawing_rules(personas: dict[str, Any], organisation: Organisation) -> None:
    team = Membership.objects.get(user=personas["member"])
    with pytest.raises(PermissionDenied):
        services_roles.membership_withdraw(membership=team, by=personas["owner"])
    lead = Membership.objects.get(user=personas["owner"])
    with pytest.raises(ValidationError, match="handing the role over"):
        services_roles.membership_withdraw(membership=lead, by=personas["owner"])
    services_roles.membership_withdraw(membership=team, by=personas["member"])
    with pytest.raises(ValidationError, match="already ended"):
        services_roles.membership_withdraw(membership=team, by=personas["member"])
