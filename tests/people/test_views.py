"""People pages as each persona: directory, profiles, editing, browsing, coverage."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from equityhub.core.models import AuditEvent
from equityhub.people.models import Interest, Organisation, Profile, Seat, Structure

pytestmark = pytest.mark.django_db

PROFILE_FORM = {
    "organisation": "",
    "job_title": "Director of strategy",
    "post": "strategy_director",
    "professional_background": "Public health",
    "appointed_on": "2023-04-01",
    "bio": "Working on waiting lists.",
    "contact_preference": "email",
    "phone": "",
    "listed": "on",
    "new_interests": "Maternity, digital inclusion",
}


@pytest.fixture
def owner_profile(personas: dict[str, Any], organisation: Organisation) -> Profile:
    return Profile.objects.create(
        user=personas["owner"],
        organisation=organisation,
        post="chair",
        job_title="Chair of the board",
    )


def test_anonymous_people_are_sent_to_sign_in(client_for: Any, owner_profile: Profile) -> None:
    for url in (
        reverse("people:index"),
        reverse("people:profile", kwargs={"pk": owner_profile.pk}),
        reverse("people:coverage"),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign-in"))


def test_directory_lists_and_filters_in_the_query_string(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile
) -> None:
    client = client_for(personas["outsider"])
    page = client.get(reverse("people:index")).content.decode()
    assert "Olivia Owner" in page and "Chair of the board" in page
    assert reverse("people:coverage") in page
    assert "Olivia Owner" not in client.get(reverse("people:index") + "?post=coo").content.decode()
    filtered = client.get(reverse("people:index") + "?q=olivia&post=chair").content.decode()
    assert "1 person match" in filtered


def test_directory_empty_state(personas: dict[str, Any], client_for: Any) -> None:
    page = client_for(personas["member"]).get(reverse("people:index")).content.decode()
    assert "No one is listed in the directory yet" in page


def test_directory_pages(personas: dict[str, Any], client_for: Any, make_user: Any) -> None:
    for n in range(30):
        Profile.objects.create(user=make_user(full_name=f"Person {n:02}"))
    client = client_for(personas["member"])
    first = client.get(reverse("people:index") + "?kind=").content.decode()
    assert "Page 2 of 2" in first and "kind=&amp;page=2" in first
    second = client.get(reverse("people:index") + "?page=2").content.decode()
    assert "Person 29" in second


def test_profile_page_shows_roles_and_seats(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile, organisation: Organisation
) -> None:
    board = Structure.objects.create(
        name="Test ICB board", kind="icb_board", system=organisation.system
    )
    Seat.objects.create(user=personas["owner"], structure=board, role="Partner member")
    page = client_for(personas["outsider"]).get(
        reverse("people:profile", kwargs={"pk": owner_profile.pk})
    )
    text = page.content.decode()
    assert "Health inequalities lead at" in text and "Test Hospitals NHS Trust" in text
    assert "Test ICB board" in text and "Partner member" in text
    assert reverse("people:me-edit") not in text


def test_unlisted_profiles_are_hidden_from_others(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile
) -> None:
    owner_profile.listed = False
    owner_profile.save()
    url = reverse("people:profile", kwargs={"pk": owner_profile.pk})
    assert client_for(personas["outsider"]).get(url).status_code == 404
    assert client_for(personas["owner"]).get(url).status_code == 200


def test_me_before_and_after_filling_in(personas: dict[str, Any], client_for: Any) -> None:
    client = client_for(personas["outsider"])
    assert (
        "You have not filled in your profile yet"
        in client.get(reverse("people:me")).content.decode()
    )
    response = client.post(reverse("people:me-edit"), PROFILE_FORM)
    assert response.status_code == 302 and response["Location"] == reverse("people:me")
    profile = Profile.objects.get(user=personas["outsider"])
    assert profile.job_title == "Director of strategy"
    assert sorted(i.name for i in profile.interests.all()) == ["Digital inclusion", "Maternity"]
    page = client.get(reverse("people:me")).content.decode()
    assert "Director of strategy" in page and "Edit your profile" in page


def test_bad_input_shows_an_error_summary_and_saves_nothing(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile
) -> None:
    bad = {**PROFILE_FORM, "appointed_on": "not a date", "contact_preference": "phone"}
    response = client_for(personas["owner"]).post(reverse("people:me-edit"), bad)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter the date appointed as a real date" in text and "Enter a phone number" in text
    assert Profile.objects.get(pk=owner_profile.pk).job_title == "Chair of the board"
    assert not Interest.objects.exists()


def test_only_the_owner_or_an_administrator_edits_a_profile(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile
) -> None:
    url = reverse("people:profile-edit", kwargs={"pk": owner_profile.pk})
    for persona in ("outsider", "member"):
        assert client_for(personas[persona]).post(url, PROFILE_FORM).status_code == 403
    assert Profile.objects.get(pk=owner_profile.pk).job_title == "Chair of the board"
    admin = personas["administrator"]
    response = client_for(admin).post(url, PROFILE_FORM)
    assert response.status_code == 302
    assert Profile.objects.get(pk=owner_profile.pk).job_title == "Director of strategy"
    event = AuditEvent.objects.get(action="profile-updated")
    assert event.actor == admin and event.detail["user_id"] == personas["owner"].pk


def test_adding_and_ending_a_seat(
    personas: dict[str, Any], client_for: Any, organisation: Organisation
) -> None:
    board = Structure.objects.create(
        name="Test ICB board", kind="icb_board", system=organisation.system
    )
    client = client_for(personas["owner"])
    assert client.post(reverse("people:seat-add"), {"structure": "", "role": ""}).status_code == 400
    response = client.post(reverse("people:seat-add"), {"structure": board.pk, "role": "Member"})
    assert response.status_code == 302
    seat = Seat.objects.get(user=personas["owner"])
    assert (
        client_for(personas["outsider"])
        .post(reverse("people:seat-end", kwargs={"pk": seat.pk}))
        .status_code
        == 403
    )
    client.post(reverse("people:seat-end", kwargs={"pk": seat.pk}))
    assert Seat.objects.get(pk=seat.pk).ended_on is not None


def test_organisation_and_system_pages(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile, organisation: Organisation
) -> None:
    client = client_for(personas["member"])
    listing = client.get(reverse("people:organisations") + "?q=test").content.decode()
    assert "Test Hospitals NHS Trust" in listing
    page = client.get(reverse("people:organisation", kwargs={"code": "rzz"})).content.decode()
    assert "Olivia Owner" in page and "Health inequalities lead" in page
    assert client.get(reverse("people:organisation", kwargs={"code": "NOPE"})).status_code == 404
    systems = client.get(reverse("people:systems")).content.decode()
    assert "Test Integrated Care Board" in systems and "Test region" in systems
    system = client.get(reverse("people:system", kwargs={"code": "Q99"})).content.decode()
    assert "Test Hospitals NHS Trust" in system and "No places are recorded" in system


def test_coverage_page(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile, organisation: Organisation
) -> None:
    Organisation.objects.create(
        code="RYY",
        name="Leaderless NHS Trust",
        kind="trust",
        system=organisation.system,
        region=organisation.region,
    )
    Structure.objects.create(name="Quality committee", kind="committee", system=organisation.system)
    client = client_for(personas["outsider"])
    assert (
        "Choose a region or a system above"
        in client.get(reverse("people:coverage")).content.decode()
    )
    page = client.get(reverse("people:coverage") + "?system=Q99").content.decode()
    assert "Olivia Owner" in page and "Leaderless NHS Trust" in page and "No lead named" in page
    assert "Quality committee" in page
    assert '<th scope="col" class="nhsuk-table__header">Lead since</th>' in page
    both = client.get(reverse("people:coverage") + "?system=Q99&region=Y99")
    assert both.status_code == 400 and "not both" in both.content.decode()


def test_filters_and_coverage_by_region_use_codes_in_the_address(
    personas: dict[str, Any], client_for: Any, owner_profile: Profile
) -> None:
    client = client_for(personas["member"])
    assert "Olivia Owner" in client.get(reverse("people:index") + "?region=Y99").content.decode()
    organisations = client.get(reverse("people:organisations") + "?region=Y99&kind=trust")
    assert "Test Hospitals NHS Trust" in organisations.content.decode()
    page = client.get(reverse("people:coverage") + "?region=Y99").content.decode()
    assert "Coverage of health inequalities leads: Test region" in page
    assert "Olivia Owner" in page and "Every recorded structure" not in page
