"""Adding every NHS organisation of a system or region to a collaborative in one step."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.indicators.models import Indicator
from equityhub.learning.collaboratives.services import members_add_by_area
from equityhub.learning.models import Collaborative
from equityhub.people.models import Organisation, Region, System

pytestmark = pytest.mark.django_db


@pytest.fixture
def collaborative(people: dict[str, Any]) -> Collaborative:
    indicator = Indicator.objects.create(
        code="t-dna", name="DNA", description="d", type="proportion", polarity="low_is_good",
        source="Test",
    )  # fmt: skip
    today = timezone.localdate()
    return Collaborative.objects.create(
        name="Fewer missed appointments", goal="g", indicator=indicator,
        lead=people["facilitator"], starts_on=today, ends_on=today + datetime.timedelta(days=90),
    )  # fmt: skip


@pytest.fixture
def system() -> System:
    region = Region.objects.create(code="Y61", name="North")
    system = System.objects.create(code="QAA", name="North ICS", region=region)
    Organisation.objects.create(code="QAA", name="North ICB", kind="icb", system=system)
    Organisation.objects.create(code="RA1", name="North Trust", kind="trust", system=system)
    Organisation.objects.create(code="E06", name="Council", kind="local_authority", system=system)
    return system


def test_adds_the_nhs_organisations_of_a_system(
    people: dict[str, Any], collaborative: Collaborative, system: System
) -> None:
    added = members_add_by_area(
        by=people["facilitator"], collaborative=collaborative, system=system
    )
    assert [o.code for o in added] == ["QAA", "RA1"]
    with pytest.raises(ValidationError, match="already a member"):
        members_add_by_area(by=people["facilitator"], collaborative=collaborative, system=system)
    with pytest.raises(PermissionDenied):
        members_add_by_area(by=people["member"], collaborative=collaborative, system=system)


def test_page_adds_by_region_and_type(
    client_for: Any, people: dict[str, Any], collaborative: Collaborative, system: System
) -> None:
    url = reverse("learning:collaborative-add-organisations", kwargs={"pk": collaborative.pk})
    client = client_for(people["facilitator"])
    assert client.post(url, {}).status_code == 400  # choose an area
    response = client.post(url, {"region": system.region.pk, "kind": "trust"})
    assert response.status_code == 302
    assert list(collaborative.members.values_list("organisation__code", flat=True)) == ["RA1"]
    assert client_for(people["member"]).get(url).status_code == 403
