"""A finished pilot becomes a case study suggestion for the library (learning's pilot action)."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.indicators.models import Indicator, Pilot, Result
from equityhub.indicators.pilots.actions import pilot_actions
from equityhub.learning.pilots.models import PilotCaseStudy
from equityhub.learning.pilots.services import draft, pilot_share_as_case_study
from equityhub.library.contributions import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(organisation: Any) -> Pilot:
    indicator = Indicator.objects.create(
        code="waits", name="Waits over 18 weeks", description="d", type="proportion",
        polarity="lower_better", source="test", multiplier=100, unit="%",
    )  # fmt: skip
    for period, x in ((2024.5, 2200), (2025.5, 1800)):
        Result.objects.create(
            organisation=organisation, indicator=indicator, period=str(period),
            period_number=period, breakdown="overall", category="Total", numerator=x,
            denominator=10000, value=x / 100,
        )  # fmt: skip
    return Pilot.objects.create(
        organisation=organisation, name="Text reminders in Urdu", indicator=indicator,
        hypothesis="Fewer long waits in the most deprived areas", scope="Outpatients",
        start_period="2025", start_period_number=2025.0, status="finished",
        learning="Ask the community groups first.",
    )  # fmt: skip


def _url(pilot: Pilot) -> str:
    return reverse("learning:pilot-case-study", kwargs={"pk": pilot.pk})


def _pilot_page(pilot: Pilot) -> str:
    return reverse("indicators:pilot", kwargs={"org": pilot.organisation.code, "pk": pilot.pk})


GOOD = {
    "title": "Text reminders in Urdu",
    "summary": "Reminders in people's own language cut long waits.",
    "context": "Long waits were worst in the most deprived areas.",
    "what_was_done": "Text reminders in Urdu and Welsh.",
    "results": "Waits fell by four percentage points.",
    "learning": "Ask the community groups first.",
}


def test_draft_is_prefilled_from_the_pilot_and_its_evaluation(pilot: Pilot) -> None:
    words = draft(pilot)
    assert words["title"] == pilot.name
    assert pilot.hypothesis in words["context"] and "Outpatients" in words["context"]
    assert "fell from 22.0% to 18.0%" in words["results"]
    assert words["learning"] == pilot.learning


def test_team_shares_a_finished_pilot_once(
    personas: dict[str, Any], pilot: Pilot, client_for: Any
) -> None:
    member = client_for(personas["member"])
    page = unescape(member.get(_pilot_page(pilot)).content.decode())
    assert "Share as a case study" in page and _url(pilot) in page
    form = unescape(member.get(_url(pilot)).content.decode())
    assert "fell from 22.0% to 18.0%" in form and pilot.hypothesis in form
    sent = member.post(_url(pilot), GOOD)
    assert sent.status_code == 302 and sent["Location"] == _pilot_page(pilot)
    shared = PilotCaseStudy.objects.get(pilot=pilot)
    contribution = Contribution.objects.get()
    assert shared.contribution == contribution and shared.captured_by == personas["member"]
    assert contribution.kind == "case_study" and contribution.status == "submitted"
    assert contribution.learning == GOOD["learning"]
    assert contribution.organisation_name == pilot.organisation.name
    page = unescape(member.get(_pilot_page(pilot)).content.decode())
    assert "Shared as a case study" in page and _url(pilot) not in page
    # A second time: sent back to the pilot, nothing new stored.
    assert member.post(_url(pilot), GOOD).status_code == 302
    with pytest.raises(ValidationError):
        pilot_share_as_case_study(by=personas["owner"], pilot=pilot, **GOOD)
    assert Contribution.objects.count() == 1 and PilotCaseStudy.objects.count() == 1


def test_bad_input_names_the_field_and_stores_nothing(
    personas: dict[str, Any], pilot: Pilot, client_for: Any
) -> None:
    owner = client_for(personas["owner"])
    missing = owner.post(_url(pilot), {**GOOD, "title": ""})
    assert missing.status_code == 400 and 'href="#id_title"' in missing.content.decode()
    short = owner.post(_url(pilot), {**GOOD, "summary": "Too short"})
    assert short.status_code == 400
    assert "summary of at least 20 characters" in unescape(short.content.decode())
    assert not Contribution.objects.exists() and not PilotCaseStudy.objects.exists()


def test_running_pilots_and_people_outside_the_team_cannot(
    personas: dict[str, Any], pilot: Pilot, client_for: Any
) -> None:
    for persona in ("outsider", "administrator"):
        assert client_for(personas[persona]).get(_url(pilot)).status_code == 403
        assert client_for(personas[persona]).post(_url(pilot), GOOD).status_code == 403
        assert not [a for a in pilot_actions(personas[persona], pilot) if "case study" in a.label]
    anonymous = client_for(None).get(_url(pilot))
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]
    with pytest.raises(PermissionDenied):
        pilot_share_as_case_study(by=personas["outsider"], pilot=pilot, **GOOD)
    pilot.status = "running"
    pilot.save()
    member = client_for(personas["member"])
    assert member.get(_url(pilot)).status_code == 403
    assert "Share as a case study" not in member.get(_pilot_page(pilot)).content.decode()
    with pytest.raises(ValidationError):
        pilot_share_as_case_study(by=personas["member"], pilot=pilot, **GOOD)
    assert not Contribution.objects.exists() and not PilotCaseStudy.objects.exists()


def test_a_stopped_pilot_can_be_shared(personas: dict[str, Any], pilot: Pilot) -> None:
    pilot.status = "stopped"
    pilot.save()
    assert "stopped early" in draft(pilot)["summary"]
    shared = pilot_share_as_case_study(by=personas["owner"], pilot=pilot, **GOOD)
    assert shared.contribution is not None and shared.contribution.title == GOOD["title"]
