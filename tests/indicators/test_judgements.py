"""Qualitative indicators: rated judgements with evidence, per period, recorded by the team."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.core.models import AuditEvent
from equityhub.indicators.judgements.services import current_judgements, judgement_record
from equityhub.indicators.models import Indicator, Judgement

pytestmark = pytest.mark.django_db
EVIDENCE = "Board minutes of 3 June: four questions on the deprivation gap in waits."


def url(code: str = "board-scrutiny") -> str:
    return reverse("indicators:judgements", kwargs={"org": "RZZ", "code": code})


def test_team_records_and_a_later_judgement_replaces_the_period(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    indicator = Indicator.objects.get(code="board-scrutiny")
    for rating, period in ((2, "2024-25"), (3, "2025-26"), (4, "2025/26")):
        judgement_record(
            actor=personas["member"],
            organisation=organisation,
            indicator=indicator,
            period=period,
            rating=rating,
            evidence=EVIDENCE,
        )
    shown = current_judgements(organisation, indicator)
    assert [(j.period, j.rating) for j in shown] == [("2024-25", 2), ("2025-26", 4)]
    assert Judgement.objects.count() == 3
    assert AuditEvent.objects.filter(action="indicators.judgement_recorded").count() == 3


def test_bad_judgements_name_the_field_and_store_nothing(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    indicator = Indicator.objects.get(code="board-scrutiny")
    with pytest.raises(ValidationError) as error:
        judgement_record(
            actor=personas["member"],
            organisation=organisation,
            indicator=indicator,
            period="last spring",
            rating=9,
            evidence="good",
        )
    assert set(error.value.message_dict) == {"period", "rating", "evidence"}
    with pytest.raises(ValidationError):
        judgement_record(
            actor=personas["member"],
            organisation=organisation,
            indicator=Indicator.objects.get(code="ae-four-hours"),
            period="2025-26",
            rating=3,
            evidence=EVIDENCE,
        )
    with pytest.raises(PermissionDenied):
        judgement_record(
            actor=personas["outsider"],
            organisation=organisation,
            indicator=indicator,
            period="2025-26",
            rating=3,
            evidence=EVIDENCE,
        )
    assert not Judgement.objects.exists()


def test_page_form_and_record(
    personas: dict[str, Any], organisation: Any, registry: None, client_for: Any
) -> None:
    member = client_for(personas["member"])
    bad = member.post(url(), {"period": "soon", "rating": "3", "evidence": "x"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    good = member.post(url(), {"period": "2025-26", "rating": "4", "evidence": EVIDENCE})
    assert good.status_code == 302
    page = unescape(client_for(personas["administrator"]).get(url()).content.decode())
    assert "4 – Established" in page and EVIDENCE in page
    assert "Record a judgement" not in page  # only the team records
    assert client_for(personas["outsider"]).get(url()).status_code == 403
    assert client_for(None).get(url()).status_code == 302  # sign in first
    assert member.get(url("ae-four-hours")).status_code == 404  # not qualitative
