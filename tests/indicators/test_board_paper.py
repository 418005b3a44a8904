"""The board paper: who may read it, and its charts in HTML, PDF and Word (the drafted sentences
are tested in `test_findings` and `test_findings_documents`)."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import Adoption, Indicator
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db


def test_board_paper_page_and_pdf_for_the_team_only(
    upload: Any, personas: dict[str, Any], client_for: Any, organisation: Any
) -> None:
    earlier = good_rows(period="2023")
    earlier[0][5] -= 30  # decile 1 at 27%: a gap of 12.0 points, widening to 15.0 in 2024
    earlier[-1][5] -= 30
    upload(personas["member"], earlier)
    upload(personas["member"], good_rows(period="2024"))
    Adoption.objects.create(
        organisation=organisation, indicator=Indicator.objects.get(code="rtt-waiting-over-18-weeks")
    )
    owner = client_for(personas["owner"])
    html = owner.get("/indicators/RZZ/board-paper/").content.decode()
    assert "15.0 percentage points higher in the most deprived tenth" in html
    pdf = owner.get("/indicators/RZZ/board-paper/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = owner.get("/indicators/RZZ/board-paper/?format=docx")
    assert docx.content.startswith(b"PK")
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "15.0 percentage points higher in the most deprived tenth" in text
    assert client_for(personas["outsider"]).get("/indicators/RZZ/board-paper/").status_code == 403


def test_board_paper_has_charts_in_html_pdf_and_word(
    personas: dict[str, Any], organisation: Any, upload: Any, client_for: Any
) -> None:
    import io

    from docx import Document

    for period, shift in (("2023-24", 0), ("2024-25", 20)):
        upload(personas["member"], good_rows(period, shift=shift))
    Adoption.objects.create(
        organisation=organisation,
        indicator=Indicator.objects.get(code="rtt-waiting-over-18-weeks"),
    )
    client = client_for(personas["member"])
    url = "/indicators/RZZ/board-paper/"
    html = client.get(url).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "table below" in html
    docx = Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    assert len(docx.inline_shapes) == 3  # overall value, SII and control chart
    pdf = client.get(url, {"format": "pdf"}).content
    assert pdf.startswith(b"%PDF") and b"/XObject" in pdf


def test_target_label_reads_the_same_in_html_pdf_and_word(
    personas: dict[str, Any], organisation: Any, upload: Any, client_for: Any
) -> None:
    import io
    import re

    from docx import Document
    from pypdf import PdfReader

    upload(personas["member"], good_rows("2024-25"))
    Adoption.objects.create(
        organisation=organisation,
        indicator=Indicator.objects.get(code="rtt-waiting-over-18-weeks"),
    )
    client = client_for(personas["member"])
    url = "/indicators/RZZ/board-paper/"
    docx = Document(io.BytesIO(client.get(url, {"format": "docx"}).content))
    word = docx.tables[0].rows[1].cells[4].text
    assert word == "No target"
    html = client.get(url).content.decode()
    cells = re.findall(r'<td class="nhsuk-table__cell">([^<]*)</td>', html)
    assert word in cells and word.lower() not in cells
    pdf = PdfReader(io.BytesIO(client.get(url, {"format": "pdf"}).content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert word in text and word.lower() not in text
