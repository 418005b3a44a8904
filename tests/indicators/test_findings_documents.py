"""Every drafted finding, read back from the page, the PDF and the Word file, against the stored
statistics it states: the unit, the tested quantity with its interval, polarity words that match
the sign, and "withheld" where the figures are suppressed.

The expected words are built here from the stored results and signals and the indicator's
polarity, not by the drafting code under test.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from equityhub.indicators.models import Adoption, Indicator, Result, Signal
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db

CODE = "rtt-waiting-over-18-weeks"  # a percentage where lower is better
PERIODS = ("2022-23", "2023-24", "2024-25")


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(content: bytes) -> str:
    return plain(html.unescape(re.sub(r"<[^>]+>", " ", content.decode())))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return plain(" ".join(page.extract_text() or "" for page in reader.pages))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return plain(" ".join([p.text for p in document.paragraphs] + cells))


def number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace("-", "−")


def documents(client: Any) -> dict[str, str]:
    paper = "/indicators/RZZ/board-paper/"
    statement = "/indicators/RZZ/statement/"
    return {
        "indicator page": html_text(client.get(f"/indicators/RZZ/{CODE}/").content),
        "board paper": html_text(client.get(paper).content),
        "board paper PDF": pdf_text(client.get(paper, {"format": "pdf"}).content),
        "board paper Word": docx_text(client.get(paper, {"format": "docx"}).content),
        "statement": html_text(client.get(statement).content),
        "statement Word": docx_text(client.get(statement, {"format": "docx"}).content),
    }


@pytest.fixture
def adopted(organisation: Any, registry: None) -> Indicator:
    indicator = Indicator.objects.get(code=CODE)
    Adoption.objects.create(organisation=organisation, indicator=indicator)
    return indicator


def test_findings_state_the_stored_gap_and_the_tested_trend_everywhere(
    adopted: Indicator, upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    for step, period in enumerate(PERIODS):
        rows = good_rows(period)
        rows[0][5] += 25 * step  # the most deprived tenth waits longer each year
        rows[-1][5] += 25 * step
        upload(personas["member"], rows)
    gap = Result.objects.filter(kind="gap", breakdown="deprivation_decile").latest("period_number")
    sii = Signal.objects.get(measure="sii", organisation__isnull=False)
    assert gap.value is not None and sii.trend_slope is not None
    assert Signal.objects.filter(measure="rii", organisation__isnull=False).exists()
    side = "higher" if gap.value > 0 else "lower"
    who = "worse off" if gap.value > 0 else "better off"  # lower is better for this indicator
    gap_words = (
        f"{number(abs(gap.value), 1)} percentage points {side} in the most deprived tenth than "
        f"in the least deprived; as lower is better, the most deprived are {who}"
    )
    moved = "rose" if sii.trend_slope > 0 else "fell"
    trend_words = (
        f"slope index of inequality {moved} by {number(abs(sii.trend_slope), 2)} percentage "
        f"points a year (95% confidence interval {number(sii.trend_lower or 0, 2)} percentage "
        f"points to {number(sii.trend_upper or 0, 2)} percentage points a year"
    )
    for name, text in documents(client_for(personas["owner"])).items():
        assert gap_words in text, name
        assert trend_words in text, name
        assert "relative index of inequality" in text, name
        assert "widened by" not in text and "since 2022-23" not in text, name
        if "statement" not in name:
            assert "3 points; Making Data Count advises at least 15" in text, name
    dashboard = html_text(client_for(personas["owner"]).get("/indicators/").content)
    assert "Gap over time" not in dashboard
    assert f"{number(abs(gap.value), 1)} percentage points {side}" in dashboard
    assert "Trend in the slope index of inequality" in dashboard and "pp a year" in dashboard


def test_suppressed_gaps_are_called_withheld_with_what_would_publish_them(
    adopted: Indicator, upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    for period in PERIODS:
        rows = good_rows(period)
        rows[-1][5] -= rows[0][5] - 4  # keep the total true while the most deprived count is 4
        rows[0][5] = 4
        upload(personas["member"], rows)
    assert all(r.suppressed for r in Result.objects.filter(kind="gap"))
    for name, text in documents(client_for(personas["owner"])).items():
        assert "is withheld in all 3 periods to protect small numbers" in text, name
        assert "Pooling periods" in text, name
        assert "can be shown yet" not in text, name
