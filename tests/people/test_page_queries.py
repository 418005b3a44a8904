"""The directory and the organisation pages make the same number of queries for 2 rows as 10."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from equityhub.people.models import Interest, Membership, Organisation, Profile, Seat, Structure
from tests.queries import assert_queries_do_not_grow, page

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


@pytest.fixture
def listed_person(make_user: Callable[..., Any], organisation: Organisation) -> Callable[[], None]:
    """A lead of a new trust in the system, listed in the directory with an interest and a seat."""
    interest = Interest.objects.create(name="Data and measurement")
    system = organisation.system
    assert system is not None
    board = Structure.objects.create(name="ICB board", kind="icb_board", system=system)

    def make() -> None:
        n = next(_n)
        trust = Organisation.objects.create(
            code=f"RQ{n:03}", name=f"Trust {n}", kind="trust", system=system, region=system.region
        )
        user = make_user(full_name=f"Listed {n}")
        Membership.objects.create(user=user, organisation=trust, role="lead", status="approved")
        profile = Profile.objects.create(user=user, organisation=trust, job_title="Chief nurse")
        profile.interests.add(interest)
        Seat.objects.create(user=user, structure=board, role="Member")

    return make


def test_people_and_organisation_pages(
    personas: dict[str, Any],
    organisation: Organisation,
    listed_person: Callable[[], None],
    client_for: Any,
) -> None:
    listed_person()
    listed_person()
    system = organisation.system
    assert system is not None
    client = client_for(personas["owner"])
    for url in (
        reverse("people:index"),
        reverse("people:organisations"),
        reverse("people:systems"),
        reverse("people:system", kwargs={"code": system.code}),
        reverse("people:coverage"),
    ):
        assert_queries_do_not_grow(page(client, url), lambda: [listed_person() for _ in range(4)])


def test_an_organisation_page_with_more_people(
    personas: dict[str, Any], organisation: Organisation, make_user: Any, client_for: Any
) -> None:
    def colleague() -> None:
        user = make_user()
        Membership.objects.create(
            user=user, organisation=organisation, role="team_member", status="approved"
        )
        Profile.objects.create(user=user, organisation=organisation, job_title="Analyst")

    url = reverse("people:organisation", kwargs={"code": organisation.code})
    for viewer in ("owner", "outsider"):
        load = page(client_for(personas[viewer]), url)
        assert_queries_do_not_grow(load, lambda: [colleague() for _ in range(4)])
