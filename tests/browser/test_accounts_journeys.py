"""Account journeys: register and confirm, accept an invitation, claim a role, approve it.

Run with JavaScript on (checked by axe) and off (the same journeys must still work).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from equityhub.people import services_invitations
from equityhub.people.models import Membership, Organisation
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def submit(visitor: Any, text: str) -> None:
    visitor.page.click(f"button >> text={text}")
    visitor.page.wait_for_load_state()
    visitor.check()


def test_register_with_a_mistake_then_confirm_the_email(visitor: Any) -> None:
    visitor.visit("/people/register/")
    visitor.page.fill("#id_full_name", "Nia New")
    visitor.page.fill("#id_email", "nia.new@gmail.com")
    visitor.page.fill("#id_password", PASSWORD)
    submit(visitor, "Register")
    assert "Use your NHS email address (ending nhs.net or nhs.uk)" in visitor.page.content()
    visitor.page.fill("#id_email", "nia.new@trust.nhs.uk")
    visitor.page.fill("#id_password", PASSWORD)
    submit(visitor, "Register")
    assert "Check your email" in visitor.page.content()
    link = re.search(r"https?://\S+/people/register/confirm/\S+", mail.outbox[-1].body)
    assert link is not None
    visitor.visit(urlsplit(link.group(0)).path)
    visitor.page.fill("#id_password", PASSWORD)
    submit(visitor, "Confirm my email address")
    assert "Your email address is confirmed" in visitor.page.content()
    visitor.sign_in("nia.new@trust.nhs.uk", PASSWORD)
    assert "What needs you now" in visitor.page.content()


def test_accept_an_invitation_with_a_mistake_then_correctly(
    visitor: Any, personas: dict[str, Any], organisation: Organisation
) -> None:
    invitation = services_invitations.invitation_send(
        email="gwen.guest@trust.nhs.uk",
        full_name="Gwen Guest",
        organisation=organisation,
        role="team_member",
        invited_by=personas["administrator"],
    )
    visitor.visit(f"/people/invitations/{invitation.token}/")
    visitor.page.fill("#id_password", "password")
    submit(visitor, "Create my account")
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_password", PASSWORD)
    submit(visitor, "Create my account")
    assert visitor.page.url.endswith("/people/roles/")
    content = visitor.page.content()
    assert "Test Hospitals NHS Trust" in content and "Approved" in content


def test_claim_a_role_and_the_lead_approves_it(
    visitor: Any, personas: dict[str, Any], organisation: Organisation
) -> None:
    visitor.sign_in(personas["outsider"].email, PASSWORD)
    visitor.visit("/people/roles/claim/")
    visitor.page.select_option("#id_organisation", str(organisation.pk))
    visitor.page.click("label >> text=Team member")
    submit(visitor, "Send my claim")
    assert "Waiting for approval" in visitor.page.content()
    claim = Membership.objects.get(user=personas["outsider"])

    visitor.page.context.clear_cookies()
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit("/people/roles/pending/")
    visitor.page.click("a >> text=Decide")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.click("label >> text=Reject")
    submit(visitor, "Save my decision")
    assert "Give a reason" in visitor.page.content()
    visitor.page.click("label >> text=Approve")
    submit(visitor, "Save my decision")
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert "No claims are waiting for your decision" in visitor.page.content()
