"""Kept board papers: versioned drafts, publication that freezes the figures, public links,
narrative, actions, judgements and the three charts in the page, PDF and Word."""

from __future__ import annotations

import io
import re
import zlib
from typing import Any

import pytest
from docx import Document

from equityhub.core.models import AuditEvent
from equityhub.indicators.models import (
    Adoption,
    BoardPaper,
    BoardPaperVersion,
    Indicator,
    Judgement,
    Result,
    Signal,
)

pytestmark = pytest.mark.django_db
RTT = "rtt-waiting-over-18-weeks"
PERIODS = [("2022-23", 2022.75), ("2023-24", 2023.75), ("2024-25", 2024.75)]


def seed(organisation: Any, *, published: bool = False, latest: float = 21.6) -> Indicator:
    """Stored results as the computation leaves them: overall values, the SII and the XmR signal."""
    indicator = Indicator.objects.get(code=RTT)
    Adoption.objects.get_or_create(organisation=organisation, indicator=indicator)
    values = [18.2, 19.9, latest]
    for (period, number), value in zip(PERIODS, values, strict=True):
        common = {
            "organisation": organisation,
            "indicator": indicator,
            "period": period,
            "period_number": number,
            "published": published,
        }
        Result.objects.create(
            **common,
            breakdown="overall",
            category="Total",
            kind="category",
            value=value,
            lower_95=value - 0.8,
            upper_95=value + 0.8,
        )
        Result.objects.create(
            **common,
            breakdown="deprivation_decile",
            kind="sii",
            value=value / 2,
            lower_95=value / 2 - 3,
            upper_95=value / 2 + 3,
        )
        Result.objects.create(**common, breakdown="deprivation_decile", kind="gap", value=value / 3)
    Signal.objects.create(
        organisation=organisation,
        indicator=indicator,
        measure="value",
        breakdown="overall",
        variation="common cause",
        published=published,
        spc={
            "periods": [p for p, _ in PERIODS],
            "values": values,
            "mean": 19.9,
            "lower_limit": 15.0,
            "upper_limit": 24.8,
            "variation": ["common cause"] * 3,
        },
    )
    return indicator


def start(client: Any, **fields: Any) -> Any:
    data = {"title": "Quarterly report", "meeting_date": "2026-03-31", "indicators": [RTT]}
    return client.post("/indicators/RZZ/board-papers/new/", data | fields)


def edit_data(summary: str = "", **extra: Any) -> dict[str, Any]:
    data = {
        "summary": summary,
        f"narrative_{RTT}": extra.pop("narrative", ""),
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for n in range(2):
        for key in ("text", "owner", "due"):
            data[f"actions-{n}-{key}"] = ""
        data[f"actions-{n}-progress"] = "not_started"
    return data | extra


def paper_url(paper: BoardPaper, tail: str = "") -> str:
    return f"/indicators/RZZ/board-papers/{paper.pk}/{tail}"


def test_every_save_is_a_new_version_and_old_versions_stay_readable(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)
    client = client_for(personas["member"])
    assert start(client).status_code == 302
    paper = BoardPaper.objects.get()
    for words in ("First words for the board.", "Second, better words."):
        response = client.post(paper_url(paper, "edit/"), edit_data(words))
        assert response.status_code == 302
    assert list(paper.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert paper.versions.get(number=2).saved_by == personas["member"]
    history = client.get(paper_url(paper, "history/")).content.decode()
    assert "Version 3" in history and "Version 1" in history and "Mo Member" in history
    old = client.get(paper_url(paper), {"version": 2}).content.decode()
    assert "First words for the board." in old and "You are reading version 2" in old
    latest = client.get(paper_url(paper)).content.decode()
    assert "Second, better words." in latest and "First words" not in latest
    assert client.get(paper_url(paper), {"version": 9}).status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"indicators.board_paper_created", "indicators.board_paper_saved"} <= actions


def test_actions_are_kept_added_and_removed_without_javascript(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)
    client = client_for(personas["owner"])
    start(client)
    paper = BoardPaper.objects.get()
    typed = edit_data(
        **{
            "actions-0-text": "Offer evening clinics",
            "actions-0-owner": "COO",
            "actions-0-due": "2026-06-30",
            "actions-0-progress": "on_track",
        }
    )
    # "Add another action" redraws the form with a third row and saves nothing
    more = client.post(paper_url(paper, "edit/"), typed | {"add_action": "1"})
    assert more.status_code == 200 and 'name="actions-2-text"' in more.content.decode()
    assert 'value="Offer evening clinics"' in more.content.decode()
    assert paper.versions.count() == 1
    assert client.post(paper_url(paper, "edit/"), typed).status_code == 302
    saved = paper.versions.get(number=2).actions
    assert saved == [
        {
            "text": "Offer evening clinics",
            "owner": "COO",
            "due": "2026-06-30",
            "progress": "on_track",
        }
    ]
    page = client.get(paper_url(paper)).content.decode()
    assert "Offer evening clinics" in page and "On track" in page
    # the edit form starts from the saved action; ticking "remove" drops it
    removing = edit_data(
        **{
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "1",
            "actions-0-text": "Offer evening clinics",
            "actions-0-DELETE": "on",
            "actions-2-text": "",
            "actions-2-owner": "",
            "actions-2-due": "",
            "actions-2-progress": "not_started",
        }
    )
    assert client.post(paper_url(paper, "edit/"), removing).status_code == 302
    assert paper.versions.get(number=3).actions == []
    assert paper.versions.get(number=2).actions == saved


def test_bad_input_names_the_field_and_stores_nothing(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)
    client = client_for(personas["member"])
    empty_title = start(client, title="   ")
    assert empty_title.status_code == 400 and "Enter a title" in empty_title.content.decode()
    bad_date = start(client, meeting_date="2026-02-30")
    assert bad_date.status_code == 400
    assert "Enter the meeting date as a real date" in bad_date.content.decode()
    no_indicator = start(client, indicators=[])
    assert "Choose at least one indicator" in no_indicator.content.decode()
    assert not BoardPaper.objects.exists()
    start(client)
    paper = BoardPaper.objects.get()
    no_text = client.post(
        paper_url(paper, "edit/"),
        edit_data("Words", **{"actions-1-owner": "Director of Nursing"}),
    )
    body = no_text.content.decode()
    assert no_text.status_code == 400
    assert "Action 2: Say what the action is, or clear the row" in body
    assert 'href="#id_actions-1-text"' in body  # the summary links to the field
    bad_due = client.post(
        paper_url(paper, "edit/"),
        edit_data("Words", **{"actions-0-text": "Audit", "actions-0-due": "31/31/2026"}),
    )
    assert (
        bad_due.status_code == 400
        and "Enter the due date as a real date" in bad_due.content.decode()
    )
    assert paper.versions.count() == 1


def test_publishing_freezes_the_figures(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation, latest=21.6)
    client = client_for(personas["member"])
    start(client)
    paper = BoardPaper.objects.get()
    client.post(paper_url(paper, "edit/"), edit_data("Before the change."))
    assert client.post(paper_url(paper, "publish/")).status_code == 302
    paper.refresh_from_db()
    assert paper.is_published and paper.published_by == personas["member"]
    # the data change after publication (a corrected return, say)
    Result.objects.filter(breakdown="overall", period="2024-25").update(
        value=35.4, lower_95=34.6, upper_95=36.2
    )
    page = client.get(paper_url(paper)).content.decode()
    assert "In 2024-25 the value was 21.6%" in page and "35.4" not in page
    first = client.get(paper_url(paper), {"version": 1}).content.decode()
    assert "21.6%" in first and "35.4" not in first  # earlier drafts read the frozen figures
    # a published paper takes no more drafts
    assert client.post(paper_url(paper, "edit/"), edit_data("After.")).status_code == 302
    assert paper.versions.count() == 2
    # a new draft reads the data as they are now
    start(client, title="Next quarter")
    draft = BoardPaper.objects.get(title="Next quarter")
    assert "In 2024-25 the value was 35.4%" in client.get(paper_url(draft)).content.decode()


def test_public_link_for_published_papers_only_with_published_figures(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any, client: Any
) -> None:
    seed(organisation, published=False)
    team = client_for(personas["owner"])
    start(team)
    paper = BoardPaper.objects.get()
    team.post(paper_url(paper, "edit/"), edit_data("A summary the public may read."))
    public_url = f"/indicators/board-papers/{paper.public_slug}/"
    assert len(paper.public_slug) >= 20
    refused = team.post(paper_url(paper, "public/"), {"public": "yes"})
    assert refused.status_code == 302
    paper.refresh_from_db()
    assert not paper.is_public  # a draft cannot be made public
    team.post(paper_url(paper, "publish/"))
    assert client.get(public_url).status_code == 404  # published but private
    team.post(paper_url(paper, "public/"), {"public": "yes"})
    for reader in (client, client_for(personas["outsider"]), client_for(personas["administrator"])):
        response = reader.get(public_url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "A summary the public may read." in body
        # the results were never published: the team's paper quotes them, the public one does not
        assert "21.6" not in body and "There is no value for this indicator yet." in body
    assert "In 2024-25 the value was 21.6%" in team.get(paper_url(paper)).content.decode()
    assert client.get(public_url, {"format": "pdf"}).content.startswith(b"%PDF")
    team.post(paper_url(paper, "public/"), {"public": "no"})
    assert client.get(public_url).status_code == 404
    assert client.get("/indicators/board-papers/not-a-slug/").status_code == 404
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "indicators.board_paper_published",
        "indicators.board_paper_made_public",
        "indicators.board_paper_made_private",
    } <= actions


def test_who_may_read_and_edit(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any, client: Any
) -> None:
    seed(organisation)
    start(client_for(personas["member"]))
    paper = BoardPaper.objects.get()
    admin = client_for(personas["administrator"])
    assert admin.get(paper_url(paper)).status_code == 200
    assert admin.get("/indicators/RZZ/board-papers/").status_code == 200
    assert admin.get(paper_url(paper, "edit/")).status_code == 403
    assert admin.post(paper_url(paper, "publish/")).status_code == 403
    outsider = client_for(personas["outsider"])
    for url in ("/indicators/RZZ/board-papers/", paper_url(paper), paper_url(paper, "history/")):
        assert outsider.get(url).status_code == 403
        assert client.get(url).status_code == 302  # sent to sign in
    assert outsider.post(paper_url(paper, "publish/")).status_code == 403
    assert client_for(personas["owner"]).get(paper_url(paper, "edit/")).status_code == 200
    paper.refresh_from_db()
    assert not paper.is_published and paper.versions.count() == 1


def test_list_is_paginated_with_an_empty_state(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["member"])
    assert "No board papers yet." in client.get("/indicators/RZZ/board-papers/").content.decode()
    BoardPaper.objects.bulk_create(
        BoardPaper(
            organisation=organisation,
            title=f"Paper {n}",
            meeting_date=f"2026-01-{n:02d}",
            public_slug=f"slug-{n}",
        )
        for n in range(1, 26)
    )
    first = client.get("/indicators/RZZ/board-papers/").content.decode()
    assert "Paper 25" in first and "Paper 5<" not in first and "Page 2 of 2" in first
    second = client.get("/indicators/RZZ/board-papers/", {"page": 2}).content.decode()
    assert "Paper 5<" in second


def _unescape(body: str) -> bytes:
    """A PDF literal string's bytes (octal and backslash escapes undone)."""
    simple = {"n": 10, "r": 13, "t": 9, "b": 8, "f": 12, "(": 40, ")": 41, "\\": 92}
    out, i = bytearray(), 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            if body[i + 1] in simple:
                out.append(simple[body[i + 1]])
                i += 2
                continue
            digits = re.match(r"[0-7]{1,3}", body[i + 1 :])
            if digits:
                out.append(int(digits.group(), 8) & 0xFF)
                i += 1 + len(digits.group())
                continue
            i += 1
            continue
        out.append(ord(body[i]))
        i += 1
    return bytes(out)


def pdf_texts(pdf: bytes) -> list[str]:
    """The words typst drew, decoded once with each embedded font's ToUnicode map.

    Typst writes two-byte glyph ids in TJ arrays of compressed content streams; no PDF library
    is installed here, so this reads just enough of the format to find our sentences.
    """
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    cmaps = []
    for stream in (s for s in streams if "beginbf" in s):
        cmap = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", stream, re.S):
            for glyph, code in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[int(glyph, 16)] = bytes.fromhex(code).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", stream, re.S):
            pairs = re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
            for first, last, code in pairs:
                for glyph in range(int(first, 16), int(last, 16) + 1):
                    cmap[glyph] = chr(int(code, 16) + glyph - int(first, 16))
        cmaps.append(cmap)
    arrays = [a for s in streams for a in re.findall(r"\[((?:\\.|[^\]])*)\]\s*TJ", s, re.S)]
    raws = [b"".join(_unescape(x) for x in re.findall(r"\(((?:\\.|[^\\)])*)\)", a)) for a in arrays]
    return [
        " ".join(
            "".join(
                cmap.get(int.from_bytes(raw[i : i + 2], "big"), "?")
                for i in range(0, len(raw) - 1, 2)
            )
            for raw in raws
        )
        for cmap in cmaps
    ]


def test_pdf_and_word_carry_narrative_actions_judgements_and_charts(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)
    qualitative = Indicator.objects.create(
        code="board-scrutiny-test",
        name="Board scrutiny of inequalities",
        description="d",
        type="qualitative",
        polarity="higher_better",
        source="test",
    )
    Judgement.objects.create(
        organisation=organisation,
        indicator=qualitative,
        period="2024-25",
        period_number=2024.75,
        rating=3,
        evidence="Minutes show the board discussed the gap twice this year.",
    )
    client = client_for(personas["member"])
    start(client, indicators=[RTT, qualitative.code])
    paper = BoardPaper.objects.get()
    client.post(
        paper_url(paper, "edit/"),
        edit_data(
            "Waits are longest for the most deprived.",
            narrative="Evening clinics help.",
            **{"actions-0-text": "Open evening clinics", "actions-0-owner": "COO"},
        ),
    )
    html = client.get(paper_url(paper)).content.decode()
    assert html.count('src="data:image/svg+xml;base64,') == 3
    assert "slope index of inequality" in html and "control chart" in html
    assert "Minutes show the board discussed the gap" in html and "3 – Developing" in html
    word = Document(io.BytesIO(client.get(paper_url(paper), {"format": "docx"}).content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Waits are longest for the most deprived." in text and "Evening clinics help." in text
    assert "Open evening clinics" in cells and "COO" in cells
    assert "Minutes show the board discussed the gap" in cells
    assert len(word.inline_shapes) == 3  # overall value, SII, control chart
    alts = [s._inline.docPr.get("descr") for s in word.inline_shapes]
    assert all("figures are in the table below" in alt for alt in alts)
    pdf = client.get(paper_url(paper), {"format": "pdf"}).content
    assert pdf.startswith(b"%PDF")
    texts = pdf_texts(pdf)
    for words in (
        "Waits are longest for the most deprived.",
        "Evening clinics help.",
        "Open evening clinics",
        "COO",
        "Minutes show the board discussed",
    ):
        assert any(words in text for text in texts), words
    for alt in (
        b"the overall value by period",
        b"the slope index of inequality",
        b"control chart of the overall value",
    ):
        assert b"/Alt(" + b"Waiting more than 18 weeks for planned treatment: " + alt in pdf
    old = client.get(paper_url(paper), {"version": 1, "format": "docx"})
    assert "Waits are longest" not in "\n".join(
        p.text for p in Document(io.BytesIO(old.content)).paragraphs
    )


def test_saving_a_published_paper_is_refused_by_the_service(
    registry: None, organisation: Any, personas: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    from equityhub.indicators.board import services as services_board

    seed(organisation)
    with pytest.raises(ValidationError) as problem:
        services_board.paper_create(
            actor=personas["member"],
            organisation=organisation,
            title="",
            meeting_date=None,
            indicator_codes=["no-such-indicator"],
        )
    assert set(problem.value.message_dict) == {"title", "meeting_date", "indicators"}
    with pytest.raises(PermissionDenied):
        services_board.paper_create(
            actor=personas["outsider"],
            organisation=organisation,
            title="T",
            meeting_date=None,
            indicator_codes=[RTT],
        )
    import datetime

    paper = services_board.paper_create(
        actor=personas["member"],
        organisation=organisation,
        title="T",
        meeting_date=datetime.date(2026, 3, 31),
        indicator_codes=[RTT],
    )
    with pytest.raises(ValidationError):
        services_board.paper_save(
            actor=personas["member"],
            paper=paper,
            summary="",
            narratives={},
            actions=[{"text": " ", "owner": "X"}],
        )
    services_board.paper_publish(actor=personas["member"], paper=paper)
    with pytest.raises(ValidationError):
        services_board.paper_save(
            actor=personas["member"], paper=paper, summary="x", narratives={}, actions=[]
        )
    assert BoardPaperVersion.objects.filter(paper=paper).count() == 1
