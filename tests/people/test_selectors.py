"""Directory filters, coverage gaps and query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from equityhub.people import selectors
from equityhub.people.demo import demo_people_load
from equityhub.people.models import (
    Interest,
    Membership,
    Organisation,
    Profile,
    Region,
    Seat,
    Structure,
    System,
)
from equityhub.people.selectors import DirectoryFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user: Any, organisation: Organisation) -> dict[str, Any]:
    """Two organisations in one system, one with a lead; a council partner; two structures."""
    system = organisation.system
    other_trust = Organisation.objects.create(
        code="RYY",
        name="Other Community NHS Trust",
        kind="trust",
        system=system,
        region=system.region,
    )
    council = Organisation.objects.create(
        code="E0900001",
        name="Testshire Council",
        kind="local_authority",
        system=system,
        region=system.region,
    )
    lead = make_user(full_name="Lena Lead")
    partner = make_user(full_name="Pat Partner")
    Membership.objects.create(
        user=lead,
        organisation=organisation,
        role="lead",
        status="approved",
        started_on=datetime.date(2022, 5, 1),
    )
    Membership.objects.create(user=partner, organisation=council, role="partner", status="approved")
    equity = Interest.objects.create(name="Data and measurement")
    lead_profile = Profile.objects.create(
        user=lead, organisation=organisation, post="chair", job_title="Chair"
    )
    lead_profile.interests.add(equity)
    Profile.objects.create(user=partner, organisation=council, post="public_health_director")
    Profile.objects.create(user=make_user(full_name="Hidden Person"), listed=False)
    board = Structure.objects.create(name="ICB board", kind="icb_board", system=system)
    place = Structure.objects.create(
        name="Place partnership", kind="place_partnership", system=system
    )
    Seat.objects.create(user=lead, structure=board, role="Member")
    Seat.objects.create(user=partner, structure=place, role="Member")
    Structure.objects.create(name="Empty committee", kind="committee", system=system)
    return {"lead": lead, "partner": partner, "other_trust": other_trust, "interest": equity}


def _names(profiles: Any) -> list[str]:
    return [p.user.full_name for p in profiles]


def test_directory_filters_combine(
    world: dict[str, Any], make_user: Any, organisation: Organisation
) -> None:
    viewer = make_user(full_name="Viewer")

    def search(**filters: Any) -> list[str]:
        found = selectors.directory_search(viewer=viewer, filters=DirectoryFilters(**filters))
        return _names(found)

    assert search() == ["Lena Lead", "Pat Partner"]  # the unlisted profile is hidden
    assert search(text="lena") == ["Lena Lead"]
    assert search(text="testshire") == ["Pat Partner"]
    assert search(kind="local_authority") == ["Pat Partner"]
    assert search(post="chair") == ["Lena Lead"]
    assert search(interest=world["interest"]) == ["Lena Lead"]
    assert search(region=organisation.region, system=organisation.system, post="chair") == [
        "Lena Lead"
    ]
    other = Region.objects.create(code="Y98", name="Elsewhere")
    assert search(region=other) == []


def test_coverage_names_leads_and_gaps(world: dict[str, Any], organisation: Organisation) -> None:
    coverage = selectors.coverage_for(organisation.system)
    by_code = {row.organisation.code: row for row in coverage.organisations}
    assert set(by_code) == {"RZZ", "RYY"}  # councils are partners, not gaps
    assert by_code["RZZ"].lead == world["lead"]
    assert by_code["RZZ"].since == datetime.date(2022, 5, 1)
    assert by_code["RYY"].lead is None
    assert [row.organisation.code for row in coverage.without_lead] == ["RYY"]
    gaps = sorted(row.structure.name for row in coverage.structures_without_lead)
    assert gaps == ["Empty committee", "Place partnership"]


def test_lead_since_falls_back_to_the_profile_date(
    world: dict[str, Any], organisation: Organisation
) -> None:
    Membership.objects.filter(user=world["lead"]).update(started_on=None)
    Profile.objects.filter(user=world["lead"]).update(appointed_on=datetime.date(2021, 3, 1))
    row = selectors.coverage_for(organisation.region).with_lead[0]
    assert row.since == datetime.date(2021, 3, 1)


def test_closed_organisations_and_ended_seats_do_not_count(
    world: dict[str, Any], organisation: Organisation
) -> None:
    world["other_trust"].end_date = datetime.date(2020, 3, 31)
    world["other_trust"].save()
    Seat.objects.filter(user=world["lead"]).update(ended_on=datetime.date(2024, 1, 1))
    coverage = selectors.coverage_for(organisation.system)
    assert [row.organisation.code for row in coverage.organisations] == ["RZZ"]
    assert "ICB board" in {row.structure.name for row in coverage.structures_without_lead}


def test_queries_do_not_grow_with_the_number_of_people(
    django_assert_max_num_queries: Any, make_user: Any
) -> None:
    demo_people_load("demo password 123")
    viewer = make_user()
    region = Region.objects.get(code="Y62")
    with django_assert_max_num_queries(4):
        profiles = list(selectors.directory_search(viewer=viewer, filters=DirectoryFilters()))
        for profile in profiles:
            _ = (
                profile.organisation and profile.organisation.system,
                list(profile.interests.all()),
            )
    assert len(profiles) >= 25
    with django_assert_max_num_queries(5):
        coverage = selectors.coverage_for(region)
        _ = [
            (row.lead and row.lead.profile, row.organisation.system)
            for row in coverage.organisations
        ]
        _ = [[seat.user for seat in row.seats] for row in coverage.structures]
    assert coverage.with_lead and coverage.without_lead and coverage.structures_without_lead
    with django_assert_max_num_queries(6):
        system = selectors.system_detail(code="QOP")
        assert system is not None
        _ = [[m.user.profile for m in org.current_leads] for org in system.current_organisations]
        _ = [[seat.user for seat in s.current_seats] for s in system.current_structures]
    with django_assert_max_num_queries(5):
        profile = selectors.profile_detail(
            viewer=viewer, pk=Profile.objects.get(user__email="siobhan.kelly@example.nhs.uk").pk
        )
        assert profile is not None
        _ = [m.organisation for m in profile.user.current_memberships]
        _ = [seat.structure.system for seat in profile.user.all_seats]
    assert System.objects.count() == 42
