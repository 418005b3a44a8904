"""The programme team's journey: England's leads and gaps, a download, twenty people added to a
set from a CSV file in one step, and a message to the set's members.

Run with JavaScript on (checked by axe) and off; the England view is also checked at phone width.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from equityhub.learning.models import LearningSet, PendingSetPlace, SetMembership
from equityhub.people.models import Organisation
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def programme(personas: dict[str, Any], organisation: Organisation) -> LearningSet:
    facilitator = personas["outsider"]
    facilitator.groups.add(Group.objects.get_or_create(name="Facilitators")[0])
    Organisation.objects.create(
        code="RYY", name="Unled Hospitals NHS Trust", kind="trust", system=organisation.system
    )
    learning_set = LearningSet.objects.create(
        name="Programme browser set", purpose="Leads", facilitator=facilitator, size_cap=12
    )
    SetMembership.objects.create(
        learning_set=learning_set, user=personas["member"], status="member"
    )
    return learning_set


def test_programme_team_sees_england_and_fills_a_set(
    visitor: Any, programme: LearningSet, personas: dict[str, Any], tmp_path: Any
) -> None:
    visitor.sign_in(personas["outsider"].email, PASSWORD)
    visitor.page.click("a >> text=Leads across England")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    assert "1 organisation with no named lead" in content
    assert "Olivia Owner" in content
    visitor.page.select_option("#id_kind", "trust")
    visitor.page.click("button >> text=Show organisations")
    visitor.page.wait_for_load_state()
    visitor.check()
    href = visitor.page.get_attribute("a >> text=CSV file", "href")
    download = visitor.page.request.get(visitor.base_url + href)
    assert download.status == 200 and b"Unled Hospitals NHS Trust" in download.body()

    people = tmp_path / "people.csv"
    people.write_text(
        "email,full_name\n" + "".join(f"new{n}@example.nhs.uk,New {n}\n" for n in range(20))
    )
    visitor.visit(f"/learning/sets/{programme.pk}/members/")
    visitor.page.click("a >> text=Add many people at once")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.set_input_files("#id_people", str(people))
    visitor.page.click("button >> text=Add the people in the file")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "20 invited to Equity Hub and the set" in visitor.page.content()
    assert PendingSetPlace.objects.filter(learning_set=programme).count() == 20

    visitor.page.click("a >> text=Message the members")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_subject", "Welcome")
    visitor.page.fill("#id_body", "Our first meeting is in March.")
    visitor.page.click("button >> text=Send the message")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Your message is on its way to 1 person" in visitor.page.content()


def test_a_bad_file_names_the_row_and_adds_nobody(
    visitor: Any, programme: LearningSet, personas: dict[str, Any], tmp_path: Any
) -> None:
    people = tmp_path / "people.csv"
    people.write_text("email\nok@example.nhs.uk\nnot an email\n")
    visitor.sign_in(personas["outsider"].email, PASSWORD)
    visitor.visit(f"/learning/sets/{programme.pk}/add-people/")
    visitor.page.set_input_files("#id_people", str(people))
    visitor.page.click("button >> text=Add the people in the file")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "people.csv, row 3, column email" in visitor.page.content()
    assert not PendingSetPlace.objects.exists()


def test_england_fits_a_phone(
    phone_visitor: Any, programme: LearningSet, personas: dict[str, Any]
) -> None:
    phone_visitor.sign_in(personas["outsider"].email, PASSWORD)
    phone_visitor.visit("/learning/programme/england/")
    width = phone_visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page should not scroll sideways on a phone"
