"""The board paper: drafted sentences tied to the statistics behind them; HTML and PDF."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.boardpaper import gap_sentence, latest_sentence
from equityhub.indicators.models import Adoption, Indicator, Result, Signal
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db


def gap(period: str, value: float | None, number: float) -> Result:
    return Result(
        period=period, period_number=number, breakdown="deprivation_decile", kind="gap", value=value
    )


def test_gap_sentence_states_the_change_and_the_trend_verdict(registry: None) -> None:
    indicator = Indicator.objects.get(code="rtt-waiting-over-18-weeks")
    signal = Signal(trend_verdict="widened significantly", trend_p=0.003)
    text = gap_sentence(indicator, [gap("2022", 12.0, 2022.5), gap("2024", 15.2, 2024.5)], signal)
    assert "was 15.2 percentage points in 2024" in text
    assert "widened by 3.2 percentage points since 2022" in text
    assert "is statistically significant" in text and "p = 0.003" in text
    assert "slope index of inequality" in text
    calm = Signal(trend_verdict="no significant change", trend_p=0.4)
    text = gap_sentence(indicator, [gap("2022", 15.0, 2022.5), gap("2024", 13.0, 2024.5)], calm)
    assert "narrowed by 2.0 percentage points" in text
    assert "is not statistically significant" in text


def test_suppressed_figures_are_never_quoted(registry: None) -> None:
    indicator = Indicator.objects.get(code="rtt-waiting-over-18-weeks")
    hidden = Result(
        period="2024",
        period_number=2024.5,
        breakdown="overall",
        kind="category",
        value=None,
        suppressed=True,
    )
    assert "withheld to protect small numbers" in latest_sentence(indicator, hidden)
    assert "No gap" in gap_sentence(indicator, [gap("2024", None, 2024.5)], None)


def test_latest_sentence_quotes_value_and_limits(registry: None) -> None:
    indicator = Indicator.objects.get(code="rtt-waiting-over-18-weeks")
    latest = Result(
        period="2024",
        period_number=2024.5,
        breakdown="overall",
        kind="category",
        value=21.5686,
        lower_95=20.78,
        upper_95=22.38,
        method="Wilson score",
    )
    assert latest_sentence(indicator, latest) == (
        "In 2024 the value was 21.6% (95% confidence interval 20.8 to 22.4; Wilson score)."
    )


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
    assert "The gap between the most and least deprived tenths was 15.0 percentage points" in html
    assert "widened by 3.0 percentage points since 2023" in html
    pdf = owner.get("/indicators/RZZ/board-paper/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = owner.get("/indicators/RZZ/board-paper/?format=docx")
    assert docx.content.startswith(b"PK")
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "widened by 3.0 percentage points since 2023" in text
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
