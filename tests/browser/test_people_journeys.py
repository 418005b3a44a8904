"""Journeys through the directory: find a lead, read their profile, edit your own, see coverage.

Run with JavaScript on (checked by axe) and off (the same journeys must still work).
"""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.people.models import Interest, Organisation, Profile, Structure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(personas: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    Profile.objects.create(
        user=personas["owner"],
        organisation=organisation,
        post="chair",
        job_title="Chair of the board",
    ).interests.add(Interest.objects.create(name="Maternity"))
    Organisation.objects.create(
        code="RYY",
        name="Leaderless NHS Trust",
        kind="trust",
        system=organisation.system,
        region=organisation.region,
    )
    Structure.objects.create(name="Quality committee", kind="committee", system=organisation.system)
    return personas


def test_find_a_lead_and_read_their_profile(visitor: Any, directory: dict[str, Any]) -> None:
    visitor.sign_in(directory["outsider"].email, PASSWORD)
    visitor.visit("/people/")
    visitor.page.select_option("#id_post", "chair")
    visitor.page.click("button >> text=Show people")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "post=chair" in visitor.page.url
    visitor.page.click("a >> text=Olivia Owner")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    assert "Chair of the board" in content and "Maternity" in content


def test_edit_your_profile_with_a_mistake_then_correctly(
    visitor: Any, directory: dict[str, Any]
) -> None:
    visitor.sign_in(directory["member"].email, PASSWORD)
    visitor.visit("/people/me/")
    visitor.page.click("a >> text=Fill in your profile")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_job_title", "Health inequalities analyst")
    visitor.page.click("label >> text=Phone")
    visitor.page.click("button >> text=Save profile")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_phone", "0113 496 0000")
    visitor.page.click("button >> text=Save profile")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert visitor.page.url.endswith("/people/me/")
    assert "Health inequalities analyst" in visitor.page.content()


def test_see_coverage_of_a_system(visitor: Any, directory: dict[str, Any]) -> None:
    visitor.sign_in(directory["outsider"].email, PASSWORD)
    visitor.visit("/people/")
    visitor.page.click("a >> text=Coverage")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.select_option("#id_system", "Q99")
    visitor.page.click("button >> text=Show coverage")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    assert "Leaderless NHS Trust" in content and "No lead named" in content
    assert "Quality committee" in content and "Olivia Owner" in content
