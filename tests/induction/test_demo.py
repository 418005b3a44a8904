"""The induction demo: guides, offers, a plan for the demo lead, a proposal; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.induction import catalogue
from equityhub.induction.demo import DEMO_LEAD, load
from equityhub.induction.models import (
    Activity,
    BoardResponsibility,
    PlanItem,
    RoleGuidePage,
    SupportOffer,
)
from equityhub.people.demo import demo_people_load

pytestmark = pytest.mark.django_db


def test_demo_gives_the_demo_lead_a_plan_and_is_idempotent() -> None:
    demo_people_load("demo-password")
    load("demo-password")
    counts = (
        PlanItem.objects.count(),
        RoleGuidePage.objects.live().count(),
        SupportOffer.objects.count(),
        Activity.objects.count(),
        BoardResponsibility.objects.count(),
    )
    load("demo-password")
    assert counts == (
        PlanItem.objects.count(),
        RoleGuidePage.objects.live().count(),
        SupportOffer.objects.count(),
        Activity.objects.count(),
        BoardResponsibility.objects.count(),
    )
    lead_items = PlanItem.objects.filter(user__email=DEMO_LEAD)
    assert lead_items.filter(adopted=True).count() == 2
    assert lead_items.filter(adopted=False).exists()
    guides = catalogue.read("role_guides.yaml")["guides"]
    assert RoleGuidePage.objects.live().count() == len(guides) >= 15
    assert Activity.objects.awaiting_editor().count() == 1


def test_the_organisation_page_shows_the_board_map(client_for: Any, personas: Any) -> None:
    from equityhub.people.models import Organisation

    rzz = Organisation.objects.get(code="RZZ")
    BoardResponsibility.objects.create(
        organisation=rzz, area="Workforce equality", board_member="Pat Director"
    )
    html = client_for(personas["outsider"]).get("/people/organisations/RZZ/").content.decode()
    assert "Board responsibilities for health inequalities" in html
    assert "Pat Director" in html
