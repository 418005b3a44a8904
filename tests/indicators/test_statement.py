"""The annual report's statement section: breakdowns, data gaps and drafted sentences."""

from __future__ import annotations

import io
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from equityhub.indicators.statement.drafting import gap_words, statement_entries
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db


def test_data_gap_sentence_follows_the_share() -> None:
    assert gap_words("ethnicity", 12.34) == (
        "12.3% of records have an unknown or not stated ethnic category: a data gap to close "
        "before the figures by ethnic category can be relied on."
    )
    assert gap_words("deprivation_decile", 1.96) == (
        "2.0% of records have an unknown or not stated deprivation decile."
    )
    assert "could not be worked out" in gap_words("sex", None)


def test_statement_entries_use_the_stored_results(
    personas: dict[str, Any], organisation: Any, upload: Any, client_for: Any
) -> None:
    upload(personas["member"], good_rows())
    entries = statement_entries(organisation, personas["member"])
    assert [e.indicator.code for e in entries] == ["rtt-waiting-over-18-weeks"]
    entry = entries[0]
    assert entry.domains == ["elective"] and entry.period == "2024-25"
    assert entry.unknown["deprivation_decile"] == pytest.approx(100 * 200 / 10200)
    assert gap_words("deprivation_decile", 100 * 200 / 10200) in entry.sentences
    assert next(label for label, _ in entry.breakdowns["deprivation_decile"]).startswith("1")
    url = reverse("indicators:statement", kwargs={"org": organisation.code})
    page = unescape(client_for(personas["member"]).get(url).content.decode())
    assert "Statement on health inequalities" in page and entry.sentences[-1] in page
    assert client_for(personas["outsider"]).get(url).status_code == 403
    from docx import Document

    docx = client_for(personas["owner"]).get(url, {"format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert entry.sentences[-1] in text and "Statement domain: elective" in text
