"""The role pages as each persona: your roles, claiming, deciding claims, handing over."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from equityhub.people.models import Membership, Organisation
from equityhub.people.permissions import is_lead_of

pytestmark = pytest.mark.django_db

PERSONAS = ("outsider", "member", "owner", "administrator")


def pending_claim(user: Any, organisation: Organisation, role: str = "team_member") -> Membership:
    return Membership.objects.create(user=user, organisation=organisation, role=role)


def decide_url(membership: Membership) -> str:
    return reverse("people:role-decide", args=[membership.pk])


# Your roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_your_roles_lists_only_your_own(
    persona: str, personas: dict[str, Any], client_for: Any
) -> None:
    page = client_for(personas[persona]).get(reverse("people:roles")).content.decode()
    assert "Claim a role in an organisation" in page
    shows_membership = persona in ("member", "owner")
    assert ("Test Hospitals NHS Trust" in page) is shows_membership
    assert ("Hand over the lead role at" in page) is (persona == "owner")
    assert ("Claims waiting for your decision" in page) is (persona in ("owner", "administrator"))


def test_your_roles_shows_status_and_rejection_reason(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    Membership.objects.create(
        user=personas["outsider"],
        organisation=organisation,
        role="lead",
        status="rejected",
        decision_note="We already have a lead",
    )
    page = client_for(personas["outsider"]).get(reverse("people:roles")).content.decode()
    assert "Not approved" in page and "Reason: We already have a lead" in page


def test_anonymous_is_sent_to_sign_in(client_for: Any, personas: dict[str, Any]) -> None:
    response = client_for(None).get(reverse("people:roles"))
    assert response.status_code == 302 and "/accounts/sign-in/" in response.url


# Claiming -------------------------------------------------------------------------------------


def test_claiming_a_role(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    client = client_for(personas["outsider"])
    form = client.get(reverse("people:role-claim")).content.decode()
    assert "Test Hospitals NHS Trust" in form
    response = client.post(
        reverse("people:role-claim"), {"organisation": organisation.pk, "role": "lead"}, follow=True
    )
    page = response.content.decode()
    assert "is waiting for approval" in page and "Waiting for approval" in page
    assert Membership.objects.get(user=personas["outsider"]).status == "pending"


def test_claim_form_errors(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    client = client_for(personas["member"])
    empty = client.post(reverse("people:role-claim"), {})
    assert empty.status_code == 400
    assert "Choose an organisation" in empty.content.decode()
    again = client.post(
        reverse("people:role-claim"), {"organisation": organisation.pk, "role": "team_member"}
    )
    assert again.status_code == 400
    assert "You already have this role at Test Hospitals NHS Trust" in again.content.decode()
    assert Membership.objects.filter(user=personas["member"]).count() == 1


# Deciding -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "administrator"])
def test_approvers_see_and_approve_claims(
    persona: str, personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    membership = pending_claim(personas["outsider"], organisation)
    client = client_for(personas[persona])
    listing = client.get(reverse("people:roles-pending")).content.decode()
    assert "Otto Outsider" in listing and decide_url(membership) in listing
    response = client.post(decide_url(membership), {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "approved"
    again = client.get(decide_url(membership))
    assert again.status_code == 302 and again.url == reverse("people:roles-pending")


def test_rejecting_on_the_page_needs_a_reason(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    membership = pending_claim(personas["outsider"], organisation)
    client = client_for(personas["owner"])
    missing = client.post(decide_url(membership), {"decision": "reject", "reason": ""})
    assert missing.status_code == 400
    assert "Give a reason" in missing.content.decode()
    membership.refresh_from_db()
    assert membership.status == "pending"
    done = client.post(decide_url(membership), {"decision": "reject", "reason": "Unknown to us"})
    assert done.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "rejected"


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_others_cannot_decide_on_the_page(
    persona: str,
    personas: dict[str, Any],
    organisation: Organisation,
    make_user: Any,
    client_for: Any,
) -> None:
    membership = pending_claim(make_user(), organisation)
    own = pending_claim(personas[persona], organisation, "partner")
    client = client_for(personas[persona])
    for target in (membership, own):
        response = client.post(decide_url(target), {"decision": "approve", "reason": ""})
        assert response.status_code == 403
    assert Membership.objects.filter(status="pending").count() == 2


def test_second_lead_claim_shows_handover(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    membership = pending_claim(personas["outsider"], organisation, "lead")
    client = client_for(personas["administrator"])
    page = client.get(decide_url(membership)).content.decode()
    assert "This organisation already has a lead" in page
    assert reverse("people:lead-handover", args=["RZZ"]) in page
    refused = client.post(decide_url(membership), {"decision": "approve", "reason": ""})
    assert refused.status_code == 400
    assert "already has an approved lead" in refused.content.decode()


def test_unknown_claim_is_not_found(personas: dict[str, Any], client_for: Any) -> None:
    response = client_for(personas["administrator"]).get(reverse("people:role-decide", args=[999]))
    assert response.status_code == 404


# Handover -------------------------------------------------------------------------------------


def test_lead_hands_over_on_the_page(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    client = client_for(personas["owner"])
    url = reverse("people:lead-handover", args=["RZZ"])
    page = client.get(url).content.decode()
    assert "Mo Member" in page
    response = client.post(url, {"new_lead": personas["member"].email.upper()})
    assert response.status_code == 302
    assert is_lead_of(personas["member"], organisation)
    assert client.get(url).status_code == 403  # no longer the lead


def test_handover_page_errors(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(personas["owner"])
    url = reverse("people:lead-handover", args=["RZZ"])
    unknown = client.post(url, {"new_lead": "nobody@nhs.net"})
    assert unknown.status_code == 400
    assert "Invite them first" in unknown.content.decode()
    same = client.post(url, {"new_lead": personas["owner"].email})
    assert same.status_code == 400
    assert "is already the lead" in same.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_others_cannot_hand_over(persona: str, personas: dict[str, Any], client_for: Any) -> None:
    url = reverse("people:lead-handover", args=["RZZ"])
    response = client_for(personas[persona]).post(url, {"new_lead": personas[persona].email})
    assert response.status_code == 403


def test_handover_for_unknown_organisation(personas: dict[str, Any], client_for: Any) -> None:
    url = reverse("people:lead-handover", args=["NOPE"])
    assert client_for(personas["administrator"]).get(url).status_code == 404


# Home page ------------------------------------------------------------------------------------


def test_home_shows_claims_to_decide_and_own_claims(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    pending_claim(personas["outsider"], organisation)
    lead_home = client_for(personas["owner"]).get("/").content.decode()
    assert "1 role claim waits for your decision" in lead_home
    own_home = client_for(personas["outsider"]).get("/").content.decode()
    assert "Your claim to be team member at Test Hospitals NHS Trust" in own_home
    member_home = client_for(personas["member"]).get("/").content.decode()
    assert "role claim" not in member_home


def test_leaving_a_role_on_the_page(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    team = Membership.objects.get(user=personas["member"])
    url = reverse("people:role-withdraw", args=[team.pk])
    assert client_for(personas["owner"]).post(url).status_code == 404  # not their role
    client = client_for(personas["member"])
    assert "Leave" in client.get(reverse("people:roles")).content.decode()
    response = client.post(url, follow=True)
    assert "has ended" in response.content.decode()
    team.refresh_from_db()
    assert team.status == "ended"


def test_a_lead_cannot_just_leave(personas: dict[str, Any], client_for: Any) -> None:
    lead = Membership.objects.get(user=personas["owner"])
    url = reverse("people:role-withdraw", args=[lead.pk])
    response = client_for(personas["owner"]).post(url, follow=True)
    assert "A lead leaves by handing the role over" in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == "approved"


def test_each_radio_label_points_at_its_own_input(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    membership = pending_claim(personas["outsider"], organisation)
    page = client_for(personas["owner"]).get(decide_url(membership)).content.decode()
    assert page.count('id="id_decision"') == 1
    assert '<input class="nhsuk-radios__input" id="id_decision"' in page
