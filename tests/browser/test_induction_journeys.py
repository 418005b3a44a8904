"""Journeys through the induction offer, with JavaScript on (checked by axe) and off.

The whole "done when" journey: a new lead signs in, is guided to the self-assessment, gets a
plan with reasons, adopts two activities from the grid, proposes an activity that an editor
approves, and downloads the induction pack.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from equityhub.induction.catalogue import load_catalogue
from equityhub.induction.models import Activity, PlanItem
from tests.conftest import PASSWORD
from tests.induction.conftest import ANSWERS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue() -> None:
    load_catalogue()


def answer_assessment(visitor: Any) -> None:
    for name, value in ANSWERS.items():
        visitor.page.check(f"input[name={name}][value={value}]")
    visitor.page.click("button[type=submit] >> text=Get my plan")
    visitor.page.wait_for_load_state()


def second_factor(visitor: Any, user: Any) -> None:
    """Editors confirm a code from their authenticator app before moderating."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if "/mfa/" not in visitor.page.url:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    visitor.page.fill("#id_code", f"{totp.token():06d}")
    visitor.page.click("main button[type=submit]")
    visitor.page.wait_for_load_state()


def adopt(visitor: Any, name: str) -> None:
    visitor.visit("/induction/activities/")
    visitor.page.click(f"a >> text={name}")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.click("button >> text=Adopt into my plan")
    visitor.page.wait_for_load_state()
    assert "is in your plan" in visitor.page.content()


def test_the_grid_and_the_list_with_filters(visitor: Any, catalogue: None) -> None:
    visitor.visit("/induction/activities/")
    assert visitor.page.locator("table.eh-grid th[scope=row]").count() == 2
    visitor.visit("/induction/activities/list/")
    visitor.page.select_option("#id_focus", "internal")
    visitor.page.select_option("#id_horizon", "long")
    visitor.page.click("button >> text=Show activities")
    visitor.page.wait_for_load_state()
    visitor.check()
    html = visitor.page.content()
    assert "Write a theory of change" in html
    assert "Assure regulators" not in html


def test_a_partial_assessment_keeps_answers_then_gives_a_plan(
    visitor: Any, catalogue: None, personas: dict[str, Any]
) -> None:
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit("/induction/assessment/")
    visitor.page.check("input[name=post][value=chair_ned]")
    visitor.page.click("button[type=submit] >> text=Get my plan")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    assert visitor.page.is_checked("input[name=post][value=chair_ned]")
    answer_assessment(visitor)
    assert visitor.page.url.endswith("/induction/plan/")
    visitor.check()
    assert "Why:" in visitor.page.content()


def test_new_lead_journey_from_first_sign_in_to_the_pack(
    visitor: Any, catalogue: None, personas: dict[str, Any], make_user: Any
) -> None:
    lead = personas["owner"]
    visitor.sign_in(lead.email, PASSWORD)
    visitor.visit("/")
    visitor.page.click("a >> text=take the 5-minute self-assessment")
    visitor.page.wait_for_load_state()
    visitor.check()
    answer_assessment(visitor)
    visitor.check()
    assert "You said board responsibilities are not yet clear." in visitor.page.content()

    adopt(visitor, "Set targets")
    adopt(visitor, "Bring stakeholders together")
    adopted = PlanItem.objects.filter(user=lead, adopted=True).values_list("key", flat=True)
    assert set(adopted) == {"activity:set-targets", "activity:convene-stakeholders"}

    visitor.visit("/induction/propose/activity/")
    visitor.page.fill("#id_name", "Walk the patient journey")
    visitor.page.fill("#id_summary", "Follow the route into a service with community members.")
    visitor.page.fill("#id_steps", "Choose a service\nWalk it together")
    visitor.page.check("input[name=focus][value=internal]")
    visitor.page.check("input[name=horizon][value=short]")
    visitor.page.click("button >> text=Send the activity to the editors")
    visitor.page.wait_for_load_state()
    visitor.check()
    proposed = Activity.objects.get(name="Walk the patient journey")

    editor = make_user(full_name="Eddie Editor")
    editor.groups.add(Group.objects.get_or_create(name="Content editors")[0])
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editor, name="Editor's authenticator", confirmed=True)
    visitor.page.context.clear_cookies()
    visitor.sign_in(editor.email, PASSWORD)
    visitor.page.goto(visitor.base_url + "/induction/moderation/")
    second_factor(visitor, editor)
    visitor.visit("/induction/moderation/")
    visitor.page.click("a >> text=Walk the patient journey")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.check("input[name=decision][value=approve]")
    visitor.page.click("button >> text=Save the decision")
    visitor.page.wait_for_load_state()
    proposed.refresh_from_db()
    assert proposed.status == "published"

    visitor.page.context.clear_cookies()
    visitor.sign_in(lead.email, PASSWORD)
    visitor.visit("/")
    assert "Next steps in my plan" in visitor.page.content()
    visitor.visit("/induction/plan/")
    response = visitor.page.request.get(visitor.base_url + "/induction/plan/induction-pack.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
