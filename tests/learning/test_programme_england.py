"""The programme view for England: every trust and ICB, its lead and their participation."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent
from equityhub.induction.models_plan import PlanItem
from equityhub.learning.models import (
    Buddying,
    Collaborative,
    CollaborativeMember,
    Community,
    LearningSet,
    Presentation,
    SetMembership,
    Thread,
)
from equityhub.learning.programme.england import EnglandFilters, england_rows, lead_trend, totals
from equityhub.people.models import Membership, Organisation, Region, System

pytestmark = pytest.mark.django_db


def _lead(user: Any, organisation: Organisation, started: datetime.date | None = None) -> None:
    Membership.objects.create(
        user=user, organisation=organisation, role="lead", status="approved", started_on=started
    )


@pytest.fixture
def england(people: dict[str, Any], learning_set: LearningSet, make_user: Any) -> dict[str, Any]:
    north = Region.objects.create(code="Y61", name="North")
    south = Region.objects.create(code="Y62", name="South")
    north_ics = System.objects.create(code="QAA", name="North ICS", region=north)
    south_ics = System.objects.create(code="QBB", name="South ICS", region=south)
    icb = Organisation.objects.create(code="QAA", name="North ICB", kind="icb", system=north_ics)
    trust = Organisation.objects.create(
        code="RA1", name="North Hospitals NHS Trust", kind="trust", system=north_ics, region=north
    )
    unled = Organisation.objects.create(
        code="RA2", name='=HYPERLINK("http://x") Trust', kind="trust", system=north_ics
    )
    southern = Organisation.objects.create(
        code="RB1", name="South Trust", kind="trust", system=south_ics
    )
    Organisation.objects.create(
        code="RC9", name="Closed Trust", kind="trust", system=north_ics,
        end_date=timezone.localdate() - datetime.timedelta(days=10),
    )  # fmt: skip
    Organisation.objects.create(code="E06", name="A Council", kind="local_authority")
    two_months_ago = timezone.localdate() - datetime.timedelta(days=62)
    _lead(people["member"], trust, two_months_ago)
    _lead(people["other_member"], icb)
    southern_lead = make_user(full_name="Sam South")
    _lead(southern_lead, southern, timezone.localdate() - datetime.timedelta(days=400))
    Buddying.objects.create(
        proposer=people["member"], partner=southern_lead, status="active", reasons=["Test"]
    )
    community = Community.objects.create(name="Data for equity", description="Data")
    Thread.objects.create(
        community=community, author=people["member"], title="SECRET-THREAD", body="SECRET-BODY"
    )
    PlanItem.objects.create(user=people["member"], key="a:1", kind="activity", title="A",
                            reason="r", done_at=timezone.now())  # fmt: skip
    PlanItem.objects.create(user=people["member"], key="a:2", kind="activity", title="B",
                            reason="r")  # fmt: skip
    return {
        "north": north, "north_ics": north_ics, "icb": icb, "trust": trust, "unled": unled,
        "southern": southern,
    }  # fmt: skip


def _by_code(rows: list[Any]) -> dict[str, Any]:
    return {row.organisation.code: row for row in rows}


def test_every_current_trust_and_icb_with_its_lead_and_participation(
    england: dict[str, Any], people: dict[str, Any]
) -> None:
    rows = _by_code(england_rows(EnglandFilters()))
    assert set(rows) == {"QAA", "RA1", "RA2", "RB1"}  # closed trust and council left out
    trust = rows["RA1"]
    assert trust.lead == people["member"]
    assert trust.lead_since == timezone.localdate() - datetime.timedelta(days=62)
    assert trust.sets == ("Test ICS learning set",)
    assert trust.communities == ("Data for equity",)
    assert trust.buddy == "Sam South"
    assert trust.extra == ("1 of 2 plan steps done",)
    assert rows["QAA"].extra == ("Not started",)
    assert rows["RA2"].lead is None and rows["RA2"].extra == ("",)
    assert rows["RB1"].region == england["southern"].system.region


def test_filters_by_region_system_and_type(england: dict[str, Any]) -> None:
    north = {r.organisation.code for r in england_rows(EnglandFilters(region=england["north"]))}
    assert north == {"QAA", "RA1", "RA2"}
    ics = EnglandFilters(system=england["north_ics"], kind="trust")
    assert {r.organisation.code for r in england_rows(ics)} == {"RA1", "RA2"}
    assert {r.organisation.code for r in england_rows(EnglandFilters(kind="icb"))} == {"QAA"}


def test_totals_and_gaps_are_exact(england: dict[str, Any]) -> None:
    summary = totals(england_rows(EnglandFilters()))
    assert (summary.organisations, summary.with_lead, summary.without_lead) == (4, 3, 1)
    assert summary.leads_in_a_set == 2 and summary.leads_with_a_buddy == 2
    gaps = summary.gaps()
    assert "1 organisation with no named lead" in gaps
    assert "1 organisation whose lead is in no learning set" in gaps
    assert "4 organisations in no improvement collaborative" in gaps


def test_collaborative_membership_is_by_organisation(
    england: dict[str, Any], people: dict[str, Any]
) -> None:
    from equityhub.indicators.models import Indicator

    indicator = Indicator.objects.create(
        code="t-dna", name="DNA", description="d", type="proportion", polarity="low_is_good",
        source="Test",
    )  # fmt: skip
    today = timezone.localdate()
    collaborative = Collaborative.objects.create(
        name="Fewer missed appointments", goal="g", indicator=indicator,
        lead=people["facilitator"], starts_on=today, ends_on=today + datetime.timedelta(days=9),
    )  # fmt: skip
    CollaborativeMember.objects.create(collaborative=collaborative, organisation=england["unled"])
    rows = _by_code(england_rows(EnglandFilters()))
    assert rows["RA2"].collaboratives == ("Fewer missed appointments",)


def test_named_leads_by_month(england: dict[str, Any]) -> None:
    trend = lead_trend(EnglandFilters(), months=6)
    assert len(trend) == 6
    assert trend[-1].leads == 3  # this month: all three (the ICB lead from the day they claimed it)
    assert trend[0].leads == 1  # six months ago only the southern lead had started


def test_one_query_per_column_not_per_row(england: dict[str, Any], make_user: Any) -> None:
    with CaptureQueriesContext(connection) as few:
        england_rows(EnglandFilters())
    system = england["north_ics"]
    for n in range(20):
        organisation = Organisation.objects.create(
            code=f"RX{n:02}", name=f"Extra {n}", kind="trust", system=system
        )
        _lead(make_user(), organisation)
    with CaptureQueriesContext(connection) as many:
        rows = england_rows(EnglandFilters())
    assert len(rows) == 24
    assert len(many) == len(few)


def test_page_for_programme_staff_only(
    client_for: Any, england: dict[str, Any], people: dict[str, Any], presentation: Presentation
) -> None:
    url = reverse("learning:programme-england")
    page = client_for(people["facilitator"]).get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "North Hospitals NHS Trust" in text and "Mina Member" in text
    assert "1 organisation with no named lead" in text
    assert "CONFIDENTIAL" not in text and "SECRET" not in text  # membership, never content
    assert client_for(people["administrator"]).get(url).status_code == 200
    assert client_for(people["member"]).get(url).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_page_filters_from_the_address(
    client_for: Any, england: dict[str, Any], people: dict[str, Any]
) -> None:
    url = reverse("learning:programme-england") + f"?region={england['north'].pk}&kind=trust"
    text = client_for(people["facilitator"]).get(url).content.decode()
    assert "North Hospitals NHS Trust" in text and "South Trust" not in text
    bad = client_for(people["facilitator"]).get(reverse("learning:programme-england") + "?kind=x")
    assert bad.status_code == 200  # a bad filter shows England


def test_csv_export_is_spreadsheet_safe_and_audited(
    client_for: Any, england: dict[str, Any], people: dict[str, Any]
) -> None:
    url = reverse("learning:programme-england-export", kwargs={"fmt": "csv"})
    response = client_for(people["facilitator"]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("organisation_code,organisation,type,system,region")
    assert "'=HYPERLINK" in text
    assert "Test ICS learning set" in text and "1 of 2 plan steps done" in text
    assert AuditEvent.objects.filter(action="learning.programme.export").count() == 1
    assert client_for(people["member"]).get(url).status_code == 403


def test_xlsx_export_opens_as_a_workbook(
    client_for: Any, england: dict[str, Any], people: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    url = reverse("learning:programme-england-export", kwargs={"fmt": "xlsx"})
    response = client_for(people["facilitator"]).get(url + "?kind=trust")
    book = load_workbook(io.BytesIO(response.content))
    values = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert values[0][0] == "organisation_code"
    assert {row[0] for row in values[1:]} == {"RA1", "RA2", "RB1"}
    assert all(not str(row[1]).startswith("=") for row in values[1:])
    other = reverse("learning:programme-england-export", kwargs={"fmt": "pdf"})
    assert client_for(people["facilitator"]).get(other).status_code == 404


def test_linked_from_navigation_for_programme_roles_only(
    client_for: Any, people: dict[str, Any]
) -> None:
    link = f'href="{reverse("learning:programme-england")}"'
    assert link in client_for(people["facilitator"]).get("/learning/").content.decode()
    assert link not in client_for(people["member"]).get("/learning/").content.decode()


def test_privacy_notice_says_what_programme_staff_see(client_for: Any) -> None:
    text = client_for(None).get(reverse("core:privacy")).content.decode()
    assert "What the programme team sees" in text
    assert "never what is said or written" in text


def test_set_membership_only_counts_current_members(
    england: dict[str, Any], people: dict[str, Any], learning_set: LearningSet
) -> None:
    SetMembership.objects.filter(user=people["member"]).update(status="left")
    rows = _by_code(england_rows(EnglandFilters()))
    assert rows["RA1"].sets == ()


def test_area_indicator_pages_are_linked(
    client_for: Any, england: dict[str, Any], people: dict[str, Any]
) -> None:
    from equityhub.indicators.models import Indicator

    Indicator.objects.create(
        code="t-dna", name="Missed appointments", description="d", type="proportion",
        polarity="low_is_good", source="Test",
    )  # fmt: skip
    region_url = reverse("indicators:area-index", kwargs={"level": "region", "area": "Y61"})
    page = client_for(None).get(region_url).content.decode()
    assert "Indicators for North" in page
    assert (
        reverse(
            "indicators:area-results", kwargs={"level": "region", "area": "Y61", "code": "t-dna"}
        )
        in page
    )
    england_url = reverse("indicators:area-index", kwargs={"level": "england", "area": "E92000001"})
    nav = client_for(people["facilitator"]).get("/learning/").content.decode()
    assert f'href="{england_url}"' in nav
    system_page = (
        client_for(people["member"])
        .get(reverse("people:system", kwargs={"code": "QAA"}))
        .content.decode()
    )
    assert region_url in system_page
    assert (
        client_for(None)
        .get(reverse("indicators:area-index", kwargs={"level": "planet", "area": "X"}))
        .status_code
        == 404
    )
