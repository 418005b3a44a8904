"""A paper for twenty minutes: the asks, one headline per indicator and the actions first (page,
PDF page 1, Word before the first page break); a contents list; data folded under each chart;
peers, region and England and the ethnicity picture beside each indicator; one owner wording."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from equityhub.indicators.dashboard import findings
from equityhub.indicators.dashboard.adoption_words import NOT_NAMED, WITHHELD_FROM_PUBLIC
from equityhub.indicators.models import Adoption, BoardPaper, Indicator
from tests.indicators.test_board_papers import RTT, edit_data, paper_url, seed, start

pytestmark = pytest.mark.django_db
ASK = "Approve the plan to offer evening clinics"
ACTION = "Open evening clinics in the two most deprived neighbourhoods"


def _paper(client: Any, organisation: Any) -> BoardPaper:
    seed(organisation)
    assert start(client).status_code == 302
    paper = BoardPaper.objects.get()
    data = edit_data(
        "Waits are longest for the most deprived.",
        asks=f"{ASK}\n\nNote the gap in waiting times",
        **{
            "actions-0-text": ACTION,
            "actions-0-owner": "Chief operating officer",
            "actions-0-due": "2026-06-30",
        },
    )
    assert client.post(paper_url(paper, "edit/"), data).status_code == 302
    return paper


def _headline(organisation: Any) -> str:
    """The headline as `findings` drafts it from the seeded gaps (never written by hand)."""
    from equityhub.indicators.dashboard.selectors import evidence
    from equityhub.indicators.models import Result, Signal

    indicator = Indicator.objects.get(code=RTT)
    results = list(Result.objects.filter(organisation=organisation, indicator=indicator))
    signals = list(Signal.objects.filter(organisation=organisation, indicator=indicator))
    return findings.headline(indicator, evidence(results, signals))


def test_the_first_screen_carries_asks_headlines_and_actions(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["owner"])
    paper = _paper(client, organisation)
    html = client.get(paper_url(paper)).content.decode()
    asks, headlines, actions = (html.index(f'id="{a}"') for a in ("asks", "headlines", "actions"))
    contents = html.index("Contents of this paper")
    section = html.index(f'id="indicator-{RTT}"')
    assert asks < headlines < actions < contents < section
    assert html.index(ASK) < headlines
    front = html[asks:contents]
    assert _headline(organisation) in front and ACTION in front
    assert "Owner: Chief operating officer" in front and "due: 2026-06-30" in front
    for anchor in ("asks", "headlines", "actions", "summary", f"indicator-{RTT}", "methods"):
        assert f'href="#{anchor}"' in html
    assert html.count("Show the data") == 3  # every chart's table is folded, no script needed
    assert html.count('<details class="nhsuk-details">') >= 3
    assert "Compared with peers, region and England" in html
    assert "Ethnicity beside deprivation" in html


def test_pdf_page_one_and_word_before_the_break_carry_the_asks(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    pypdf = pytest.importorskip("pypdf")
    client = client_for(personas["owner"])
    paper = _paper(client, organisation)
    pdf = pypdf.PdfReader(io.BytesIO(client.get(paper_url(paper), {"format": "pdf"}).content))
    first = " ".join(pdf.pages[0].extract_text().split())
    for words in ("What the board is asked to do", ASK, "Headlines", "Actions", ACTION):
        assert words in first, words
    assert "Waiting more than 18 weeks" in first
    assert "Contents" in " ".join(pdf.pages[1].extract_text().split())
    word = Document(io.BytesIO(client.get(paper_url(paper), {"format": "docx"}).content))
    texts: list[str] = []
    for block in word.element.body.iterchildren():
        if 'w:type="page"' in block.xml:
            break
        texts.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    front = "\n".join(texts)
    for words in (
        "What the board is asked to do",
        ASK,
        "Headlines",
        ACTION,
        _headline(organisation),
    ):
        assert words in front, words


def test_the_owner_reads_the_same_on_the_indicator_page_and_in_every_paper(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["owner"])
    seed(organisation)
    page = client.get(f"/indicators/RZZ/{RTT}/").content.decode()
    paper = client.get("/indicators/RZZ/board-paper/").content.decode()
    assert f"Owner: {NOT_NAMED}." in page and f"owner: {NOT_NAMED}" in paper
    adoption = Adoption.objects.get(organisation=organisation)
    adoption.owner = personas["owner"]
    adoption.target_value = 15.0
    adoption.target_date = "2027-03-31"
    adoption.save()
    page = client.get(f"/indicators/RZZ/{RTT}/").content.decode()
    paper = client.get("/indicators/RZZ/board-paper/").content.decode()
    assert "Owner: Olivia Owner." in page and "owner: Olivia Owner" in paper
    assert "Target: Overall value 15.00 by March 2027." in page
    assert "target: Overall value 15.00 by March 2027" in paper
    assert f"owner: {NOT_NAMED}" not in paper


def test_a_public_copy_says_the_owner_is_withheld_not_missing(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    from equityhub.indicators.board import services as services_board

    client = client_for(personas["owner"])
    paper = _paper(client, organisation)
    Adoption.objects.filter(organisation=organisation).update(owner=personas["owner"])
    services_board.paper_publish(actor=personas["owner"], paper=paper)
    paper.refresh_from_db()
    services_board.paper_set_public(actor=personas["owner"], paper=paper, public=True)
    paper.refresh_from_db()
    public = client_for(None).get(f"/indicators/board-papers/{paper.public_slug}/")
    text = public.content.decode()
    assert WITHHELD_FROM_PUBLIC in text and "Olivia Owner" not in text
    assert ASK in text
    listed = client_for(personas["outsider"]).get("/people/organisations/RZZ/").content.decode()
    assert "Published board papers on health inequalities" in listed
    assert f"/indicators/board-papers/{paper.public_slug}/" in listed


def test_the_organisation_page_lists_no_draft_or_private_paper(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["owner"])
    paper = _paper(client, organisation)
    page = client_for(personas["outsider"]).get("/people/organisations/RZZ/").content.decode()
    assert "No board papers have been published openly yet." in page
    assert paper.public_slug not in page
