"""Improvement collaboratives: members, plan-do-study-act cycles, the indicator per member
(suppressed where small), expert sessions, and the public showcase at the end."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.indicators.models import DataReturn, Indicator, Result
from equityhub.learning.collaboratives import services as services_collaboratives
from equityhub.learning.models import Collaborative, Cycle
from equityhub.people.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator() -> Indicator:
    return Indicator.objects.create(
        code="test-did-not-attend",
        name="Did not attend rate",
        description="Outpatient appointments missed",
        type="proportion",
        polarity="low_is_good",
        source="Test",
    )


@pytest.fixture
def world(people: dict[str, Any], organisation: Organisation, indicator: Indicator) -> Any:
    other = Organisation.objects.create(code="RYY", name="Other Trust", kind="trust")
    Membership.objects.create(
        user=people["member"], organisation=organisation, role="lead", status="approved"
    )
    Membership.objects.create(
        user=people["other_member"], organisation=other, role="team_member", status="approved"
    )
    today = timezone.localdate()
    collaborative = services_collaboratives.collaborative_create(
        by=people["facilitator"],
        name="Fewer missed appointments",
        goal="Halve the gap in missed appointments between the most and least deprived",
        indicator=indicator,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    return {"collaborative": collaborative, "mine": organisation, "other": other}


def _result(organisation: Organisation, indicator: Indicator, period: str, **fields: Any) -> Any:
    """The deprivation gap (most minus least deprived quintile) for one period."""
    fields.setdefault("published", True)
    fields.setdefault("breakdown", "deprivation_quintile")
    fields.setdefault("kind", "gap")
    fields.setdefault("category", "")
    data_return = DataReturn.objects.create(
        organisation=organisation, filename="r.csv", file_format="csv", status="committed"
    )
    return Result.objects.create(
        data_return=data_return,
        organisation=organisation,
        indicator=indicator,
        period=period,
        period_number=float(period[:4]),
        **fields,
    )


def test_only_facilitators_run_collaboratives(people: dict[str, Any], indicator: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services_collaboratives.collaborative_create(
            by=people["member"],
            name="x",
            goal="y",
            indicator=indicator,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError) as error:
        services_collaboratives.collaborative_create(
            by=people["facilitator"],
            name="x",
            goal="y",
            indicator=indicator,
            starts_on=today,
            ends_on=today,
        )
    assert "ends_on" in error.value.message_dict


def test_leads_join_their_own_organisation_only(world: Any, people: dict[str, Any]) -> None:
    collaborative = world["collaborative"]
    services_collaboratives.member_add(
        by=people["member"], collaborative=collaborative, organisation=world["mine"]
    )
    with pytest.raises(PermissionDenied):
        services_collaboratives.member_add(
            by=people["member"], collaborative=collaborative, organisation=world["other"]
        )
    with pytest.raises(ValidationError, match="already"):
        services_collaboratives.member_add(
            by=people["facilitator"], collaborative=collaborative, organisation=world["mine"]
        )
    services_collaboratives.member_add(
        by=people["facilitator"], collaborative=collaborative, organisation=world["other"]
    )
    assert len(services_collaboratives.member_organisations(collaborative)) == 2


def test_cycles_are_recorded_by_the_members_team(world: Any, people: dict[str, Any]) -> None:
    collaborative = world["collaborative"]
    with pytest.raises(ValidationError, match="not a member"):
        services_collaboratives.cycle_save(
            by=people["member"],
            collaborative=collaborative,
            organisation=world["mine"],
            title="Text reminders",
            plan="Send texts",
        )
    services_collaboratives.member_add(
        by=people["member"], collaborative=collaborative, organisation=world["mine"]
    )
    with pytest.raises(PermissionDenied):
        services_collaboratives.cycle_save(
            by=people["other_member"],
            collaborative=collaborative,
            organisation=world["mine"],
            title="Text reminders",
            plan="Send texts",
        )
    with pytest.raises(ValidationError) as error:
        services_collaboratives.cycle_save(
            by=people["member"], collaborative=collaborative, organisation=world["mine"]
        )
    assert set(error.value.message_dict) == {"title", "plan"}
    cycle = services_collaboratives.cycle_save(
        by=people["member"],
        collaborative=collaborative,
        organisation=world["mine"],
        title="Text reminders",
        plan="Send texts in five languages",
    )
    assert cycle.stage == "Plan"
    services_collaboratives.cycle_save(
        by=people["member"],
        collaborative=collaborative,
        organisation=world["mine"],
        cycle=cycle,
        title="Text reminders",
        plan="Send texts in five languages",
        do="Sent 400",
        study="Missed appointments fell from 12% to 9%",
    )
    assert Cycle.objects.get().stage == "Study"


def test_the_chart_shows_each_member_and_keeps_suppression(
    world: Any, people: dict[str, Any], indicator: Indicator, client_for: Any
) -> None:
    collaborative = world["collaborative"]
    for organisation in (world["mine"], world["other"]):
        services_collaboratives.member_add(
            by=people["facilitator"], collaborative=collaborative, organisation=organisation
        )
    _result(world["mine"], indicator, "2024/25", value=12.0)
    _result(world["mine"], indicator, "2025/26", value=9.0)
    _result(world["other"], indicator, "2024/25", suppressed=True, value=None)
    _result(world["other"], indicator, "2025/26", value=7.5)
    _result(world["other"], indicator, "2025/26", value=99.0, published=False)
    # The overall value is not what a collaborative exists to change: the chart leaves it out.
    overall = {"breakdown": "overall", "kind": "category", "category": "Total"}
    _result(world["mine"], indicator, "2025/26", value=55.5, **overall)
    periods, series = services_collaboratives.member_series(collaborative, people["outsider"])
    assert periods == ["2024/25", "2025/26"]
    assert [s.organisation for s in series] == [world["other"], world["mine"]]
    assert [s.shown for s in series] == [[(1, 7.5)], [(0, 12.0), (1, 9.0)]]
    page = (
        client_for(people["outsider"])
        .get(reverse("learning:collaborative", kwargs={"pk": collaborative.pk}))
        .content.decode()
    )
    assert "Suppressed (small numbers)" in page
    assert "12.0" in page and "7.5" in page and "99.0" not in page and "55.5" not in page
    assert "gap between the most and least deprived" in page
    for organisation in (world["mine"], world["other"]):
        assert f'class="eh-spark__label">{organisation.name}' in page  # each line is labelled


def test_cycles_are_for_participants_only(
    world: Any, people: dict[str, Any], client_for: Any
) -> None:
    collaborative = world["collaborative"]
    services_collaboratives.member_add(
        by=people["member"], collaborative=collaborative, organisation=world["mine"]
    )
    services_collaboratives.cycle_save(
        by=people["member"],
        collaborative=collaborative,
        organisation=world["mine"],
        title="PRIVATE-CYCLE",
        plan="Send texts",
    )
    url = reverse("learning:collaborative", kwargs={"pk": collaborative.pk})
    assert "PRIVATE-CYCLE" in client_for(people["member"]).get(url).content.decode()
    assert "PRIVATE-CYCLE" in client_for(people["facilitator"]).get(url).content.decode()
    assert "PRIVATE-CYCLE" not in client_for(people["outsider"]).get(url).content.decode()
    new = reverse("learning:cycle-new", kwargs={"pk": collaborative.pk})
    assert client_for(people["outsider"]).get(new).status_code == 403


def test_showcase_is_published_at_the_end_and_public(
    world: Any, people: dict[str, Any], client: Any
) -> None:
    collaborative = world["collaborative"]
    url = reverse("learning:collaborative-showcase", kwargs={"pk": collaborative.pk})
    with pytest.raises(ValidationError, match="ended"):
        services_collaboratives.showcase_publish(
            by=people["facilitator"], collaborative=collaborative, showcase="x" * 30
        )
    assert client.get(url).status_code == 404
    Collaborative.objects.filter(pk=collaborative.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    collaborative.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services_collaboratives.showcase_publish(
            by=people["member"], collaborative=collaborative, showcase="x" * 30
        )
    services_collaboratives.showcase_publish(
        by=people["facilitator"],
        collaborative=collaborative,
        showcase="Missed appointments fell fastest in the most deprived areas.",
    )
    assert "fell fastest" in client.get(url).content.decode()
