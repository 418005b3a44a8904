"""Invitations: who may send them, one at a time or from a CSV file, and accepting them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent, User
from equityhub.people import services_accounts, services_invitations
from equityhub.people.models import GlobalRole, Invitation, Membership, Organisation
from equityhub.people.permissions import is_lead_of, is_team_member_of
from equityhub.people.services_accounts import LinkProblem
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(personas: dict[str, Any]) -> User:
    return personas["administrator"]


@pytest.fixture
def facilitator(make_user: Any) -> User:
    user = make_user(full_name="Fay Facilitator")
    user.groups.add(Group.objects.get_or_create(name=GlobalRole.FACILITATOR)[0])
    return user


def invite(by: User, email: str = "guest@trust.nhs.uk", **kwargs: Any) -> Invitation:
    return services_invitations.invitation_send(email=email, invited_by=by, **kwargs)


def accept(invitation: Invitation, **kwargs: Any) -> User:
    fields = {"full_name": "Gwen Guest", "password": PASSWORD, **kwargs}
    return services_invitations.invitation_accept(token=invitation.token, **fields)


# Sending --------------------------------------------------------------------------------------


def test_administrator_invites_and_the_email_has_the_link(
    admin: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(admin, "Guest@Trust.NHS.uk", full_name="Gwen Guest")
    assert invitation.email == "guest@trust.nhs.uk"
    expected = timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)
    assert abs(invitation.expires_at - expected) < datetime.timedelta(minutes=1)
    assert mail.outbox[0].to == ["guest@trust.nhs.uk"]
    assert f"/people/invitations/{invitation.token}/" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="invitation-sent")
    assert event.actor == admin
    assert event.detail["email"] == "guest@trust.nhs.uk"


def test_facilitator_may_invite_any_domain(facilitator: User) -> None:
    invitation = invite(facilitator, "partner@council.gov.uk")
    assert invitation.invited_by == facilitator


@pytest.mark.parametrize("persona", ["outsider", "member", "owner"])
def test_others_may_not_invite(persona: str, personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        invite(personas[persona])
    assert not Invitation.objects.exists()


def test_bad_invitations_are_refused(admin: User, organisation: Organisation) -> None:
    with pytest.raises(ValidationError, match="not a valid email"):
        invite(admin, "not-an-email")
    with pytest.raises(ValidationError, match="both an organisation and a role"):
        invite(admin, role="lead")
    with pytest.raises(ValidationError, match="not a role"):
        invite(admin, organisation=organisation, role="boss")
    organisation.end_date = datetime.date(2020, 3, 31)
    organisation.save()
    with pytest.raises(ValidationError, match="has closed"):
        invite(admin, organisation=organisation, role="lead")
    assert not Invitation.objects.exists()


def test_existing_account_or_open_invitation_is_not_invited_twice(
    admin: User, personas: dict[str, Any]
) -> None:
    with pytest.raises(services_invitations.AlreadyThere, match="already has an account"):
        invite(admin, personas["member"].email.upper())
    invite(admin, "guest@trust.nhs.uk")
    with pytest.raises(services_invitations.AlreadyThere, match="already been invited"):
        invite(admin, "guest@trust.nhs.uk")


def test_an_expired_invitation_can_be_sent_again(admin: User) -> None:
    old = invite(admin)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    assert invite(admin).pk != old.pk


# Accepting ------------------------------------------------------------------------------------


def test_accepting_creates_a_verified_account(admin: User) -> None:
    invitation = invite(admin)
    user = accept(invitation)
    assert user.email == "guest@trust.nhs.uk"
    assert user.full_name == "Gwen Guest"
    assert user.is_active and user.email_verified and user.check_password(PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="invitation-accepted", actor=user).exists()
    assert not Membership.objects.filter(user=user).exists()


def test_administrators_invitation_gives_the_role(admin: User, organisation: Organisation) -> None:
    user = accept(invite(admin, organisation=organisation, role="team_member"))
    assert is_team_member_of(user, organisation)
    membership = Membership.objects.get(user=user)
    assert membership.status == "approved" and membership.decided_by == admin


def test_facilitators_invitation_makes_a_claim_to_approve(
    facilitator: User, organisation: Organisation, personas: dict[str, Any]
) -> None:
    user = accept(invite(facilitator, organisation=organisation, role="team_member"))
    assert Membership.objects.get(user=user).status == "pending"
    assert not is_team_member_of(user, organisation)
    lead = personas["owner"]
    assert lead.notifications.filter(kind="people.roles").exists()


def test_lead_invitation_where_there_is_a_lead_waits_for_handover(
    admin: User, organisation: Organisation
) -> None:
    user = accept(invite(admin, organisation=organisation, role="lead"))
    assert Membership.objects.get(user=user).status == "pending"
    assert not is_lead_of(user, organisation)


def test_used_invitation_is_gone(admin: User) -> None:
    invitation = invite(admin)
    accept(invitation)
    with pytest.raises(LinkProblem) as caught:
        accept(invitation, full_name="Someone Else")
    assert caught.value.status == 410
    assert User.objects.filter(email="guest@trust.nhs.uk").count() == 1


def test_expired_invitation_is_refused(admin: User) -> None:
    invitation = invite(admin)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(LinkProblem) as caught:
        accept(invitation)
    assert caught.value.status == 410
    assert "expired" in caught.value.message
    assert not User.objects.filter(email="guest@trust.nhs.uk").exists()
    response = Client().get(reverse("people:invitation-accept", args=[invitation.token]))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()


def test_unknown_invitation_is_not_found() -> None:
    with pytest.raises(LinkProblem) as caught:
        services_invitations.invitation_accept(token="nope", full_name="A", password=PASSWORD)
    assert caught.value.status == 404


def test_weak_password_saves_nothing(admin: User) -> None:
    invitation = invite(admin)
    with pytest.raises(ValidationError) as caught:
        accept(invitation, password="12345678")
    assert "password" in caught.value.message_dict
    invitation.refresh_from_db()
    assert invitation.is_open
    assert not User.objects.filter(email=invitation.email).exists()


def test_account_made_meanwhile_is_told_to_sign_in(admin: User, make_user: Any) -> None:
    invitation = invite(admin)
    make_user(email=invitation.email)
    with pytest.raises(LinkProblem, match="Sign in instead"):
        accept(invitation)


def test_an_unconfirmed_registration_does_not_block_an_invitation(admin: User) -> None:
    services_accounts.account_register(
        email="guest@trust.nhs.uk", full_name="Someone", password="a stranger's pass phrase"
    )
    invitation = invite(admin)
    user = accept(invitation)
    assert User.objects.filter(email="guest@trust.nhs.uk").count() == 1
    assert user.is_active and user.email_verified and user.full_name == "Gwen Guest"
    assert user.check_password(PASSWORD)


# Pages ----------------------------------------------------------------------------------------


def test_invite_page_sends_an_invitation(admin: User, client_for: Any) -> None:
    response = client_for(admin).post(
        reverse("people:invite"),
        {
            "email": "guest@trust.nhs.uk",
            "full_name": "",
            "organisation_code": "rzz",
            "role": "lead",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.organisation is not None and invitation.organisation.code == "RZZ"


def test_invite_page_reports_bad_input(admin: User, client_for: Any) -> None:
    response = client_for(admin).post(
        reverse("people:invite"), {"email": "guest@trust.nhs.uk", "organisation_code": "XXX"}
    )
    assert response.status_code == 400
    assert "No organisation has the code XXX" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "member", "owner"])
def test_invite_pages_refuse_others(
    persona: str, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas[persona])
    assert client.post(reverse("people:invite"), {"email": "a@nhs.net"}).status_code == 403
    assert client.post(reverse("people:invite-bulk"), {}).status_code == 403
    assert not Invitation.objects.exists()


def test_facilitator_sees_the_invitation_pages(facilitator: User, client_for: Any) -> None:
    client = client_for(facilitator)
    for name in ("people:invitations", "people:invite", "people:invite-bulk"):
        assert client.get(reverse(name)).status_code == 200


def test_accept_page_creates_the_account_and_signs_in(admin: User) -> None:
    invitation = invite(admin, full_name="Gwen Guest")
    client = Client()
    url = reverse("people:invitation-accept", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Gwen Guest"' in page.content.decode()
    response = client.post(url, {"full_name": "Gwen Guest", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("people:roles")
    assert client.get(reverse("people:roles")).status_code == 200
    assert client.post(url, {"full_name": "X", "password": PASSWORD}).status_code == 410


def test_accept_page_shows_errors(admin: User) -> None:
    invitation = invite(admin)
    url = reverse("people:invitation-accept", args=[invitation.token])
    response = Client().post(url, {"full_name": "", "password": "short"})
    assert response.status_code == 400
    assert "Enter your full name" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_accept_page_when_signed_in_as_someone_else(admin: User, client_for: Any) -> None:
    invitation = invite(admin)
    response = client_for(admin).post(
        reverse("people:invitation-accept", args=[invitation.token]),
        {"full_name": "X", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "sign out" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_bulk_upload_page_shows_the_report(admin: User, client_for: Any) -> None:
    csv_file = SimpleUploadedFile(
        "people.csv",
        b"email,full_name,organisation_code,role\nok@nhs.net,Ok,,\nbad,Bad,,\n",
        content_type="text/csv",
    )
    response = client_for(admin).post(reverse("people:invite-bulk"), {"file": csv_file})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 invited, 0 skipped, 1 not valid." in page
    assert "Row 3, column email" in page


def test_bulk_upload_page_refuses_other_files(admin: User, client_for: Any) -> None:
    upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04", content_type="application/zip")
    response = client_for(admin).post(reverse("people:invite-bulk"), {"file": upload})
    assert response.status_code == 400
    assert "must be a CSV file" in response.content.decode()


def test_withdrawing_an_invitation(admin: User, personas: dict[str, Any], client_for: Any) -> None:
    invitation = invite(admin)
    url = reverse("people:invitation-withdraw", args=[invitation.pk])
    assert client_for(personas["owner"]).post(url).status_code == 403
    response = client_for(admin).post(url, follow=True)
    assert "no longer works" in response.content.decode()
    with pytest.raises(LinkProblem):
        accept(invitation)
    assert AuditEvent.objects.filter(action="invitation-withdrawn", actor=admin).exists()
    with pytest.raises(ValidationError, match="already been accepted or has expired"):
        services_invitations.invitation_withdraw(invitation=invitation, by=admin)


def test_invitations_page_lists_open_invitations(admin: User, client_for: Any) -> None:
    invite(admin, "waiting@nhs.net")
    accept(invite(admin, "joined@nhs.net"))
    page = client_for(admin).get(reverse("people:invitations")).content.decode()
    assert "waiting@nhs.net" in page
    assert "Gwen Guest (joined@nhs.net) accepted on" in page
