"""The role guides the report asks for: one per portfolio that is given the lead role, per
provider type and for ICBs/place partnerships, and for new leads, leads without a public health
background and boards sharing the role. Each is linked from the induction start page by post and
organisation type, points to the activities, measures and pathway that fit, and can be improved
through the existing suggestion and moderation route."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from equityhub.induction import demo
from equityhub.induction.pages import RoleGuidePage

pytestmark = pytest.mark.django_db

ASKED_FOR = {
    "medical_director",
    "public_health",
    "chief_executive",
    "chief_operating",
    "acute",
    "mental_health",
    "community",
    "ambulance",
    "icb",
}
SITUATIONS = {"new-in-role", "no-public-health-background", "sharing-the-role-across-the-board"}


@pytest.fixture
def guides(catalogue: None) -> list[RoleGuidePage]:
    demo._guides()
    return list(RoleGuidePage.objects.live())


def test_there_is_a_guide_for_each_post_organisation_and_situation(guides: list) -> None:
    assert len(guides) >= 15  # the first three and twelve more
    covered = {g.post for g in guides} | {g.organisation_type for g in guides}
    assert covered >= ASKED_FOR, ASKED_FOR - covered
    assert {g.slug for g in guides} >= SITUATIONS
    assert "place-partnerships" in {g.slug for g in guides}


def test_the_induction_start_page_links_every_guide_by_post_and_organisation(
    guides: list, client: Client
) -> None:
    html = client.get("/induction/").content.decode()
    for heading in ("By your post", "By your organisation", "For your situation"):
        assert heading in html
    for label in ("Medical directors", "Ambulance trusts", "Mental health trusts"):
        assert label in html
    for guide in guides:
        assert f'href="{guide.url}"' in html, guide.slug


def test_each_guide_points_to_activities_measures_and_a_pathway_that_exist(
    guides: list, client: Client
) -> None:
    for guide in guides:
        links = guide.links()
        addresses = [address for _, address in links]
        assert any(a.startswith("/induction/activities/") for a in addresses), guide.slug
        assert any(
            a.startswith(
                ("/induction/measures/", "/induction/assessment/", "/induction/board-kit/")
            )
            for a in addresses
        ), guide.slug
        assert any(a.startswith("/library/pathway-") for a in addresses), guide.slug
        html = client.get(guide.url).content.decode()
        assert "Where to go next" in html
        for address in addresses:
            if address.startswith("/induction/") and address != "/induction/assessment/":
                assert client.get(address).status_code == 200, f"{guide.slug}: {address}"


def test_a_lead_can_propose_an_edit_to_a_new_guide(
    guides: list, client_for: Any, lead: Any
) -> None:
    client = client_for(lead)
    html = client.get("/induction/guides/ambulance-trusts/").content.decode()
    assert "/induction/propose/guide/?guide=ambulance-trusts" in html


def test_only_local_addresses_become_links() -> None:
    guide = RoleGuidePage(next_steps="Ours | /induction/\nTheirs | https://example.com/\nBad line")
    assert guide.links() == [("Ours", "/induction/")]
