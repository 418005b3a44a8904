"""The statement's narrative: saved per organisation and reporting year, each save a version."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document

from equityhub.core.models import AuditEvent
from equityhub.indicators.models import Result, StatementNarrative
from equityhub.indicators.statement.drafting import reporting_year
from tests.indicators.test_board_papers import RTT, seed

pytestmark = pytest.mark.django_db
URL = "/indicators/RZZ/statement/"


def test_reporting_year_runs_april_to_march() -> None:
    assert reporting_year("2025-26") == "2025-26"
    assert reporting_year("2099-00") == "2099-00"
    assert reporting_year("2025-27") == "" and reporting_year("25-26") == ""
    assert reporting_year() == reporting_year(reporting_year())


def test_narrative_is_versioned_and_printed_in_page_and_word(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)
    assert Result.objects.filter(indicator__code=RTT).exists()
    client = client_for(personas["member"])
    edit = URL + "edit/?year=2025-26"
    for words in ("Our first account.", "Our revised account of the year."):
        response = client.post(
            edit, {"introduction": words, f"narrative_{RTT}": "Waits fell for the most deprived."}
        )
        assert response.status_code == 302
    saved = StatementNarrative.objects.filter(organisation=organisation, year="2025-26")
    assert sorted(saved.values_list("number", flat=True)) == [1, 2]
    assert saved.get(number=1).introduction == "Our first account."
    assert saved.get(number=2).saved_by == personas["member"]
    page = client.get(URL, {"year": "2025-26"}).content.decode()
    assert "Our revised account of the year." in page and "version 2" in page
    assert "Waits fell for the most deprived." in page and "Our first account." not in page
    other_year = client.get(URL, {"year": "2024-25"}).content.decode()
    assert "No narrative saved for 2024-25 yet." in other_year
    word = client.get(URL, {"year": "2025-26", "format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Our revised account of the year." in text and "Waits fell" in text
    history = client.get(edit).content.decode()
    assert "Version 2" in history and "Version 1" in history and "Mo Member" in history
    audited = AuditEvent.objects.filter(action="indicators.statement_narrative_saved")
    assert audited.count() == 2


def test_only_the_team_edits_the_narrative(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any, client: Any
) -> None:
    data = {"introduction": "Not allowed."}
    assert client_for(personas["administrator"]).get(URL).status_code == 200
    for persona in ("administrator", "outsider"):
        assert client_for(personas[persona]).post(URL + "edit/", data).status_code == 403
    assert client.post(URL + "edit/", data).status_code == 302  # sent to sign in
    assert not StatementNarrative.objects.exists()
