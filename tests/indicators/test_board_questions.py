"""The board's question bank: seeded with sourced questions, chosen by the kinds of finding that
apply to an indicator, shown on the indicator page and in the paper, kept by the programme team."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Group
from docx import Document

from equityhub.indicators.board.questions import first_question, questions_for
from equityhub.indicators.board.questions_seed import load_questions, read_questions
from equityhub.indicators.board.scrutiny import kinds_of
from equityhub.indicators.dashboard.targets import NO_TARGET, OFF_TRACK, TargetStatus
from equityhub.indicators.dashboard.tiles import SPC_WORDS
from equityhub.indicators.models import Adoption, BoardQuestion, FindingKind, Indicator
from tests.indicators.test_board_papers import RTT, seed

pytestmark = pytest.mark.django_db


def test_the_bank_is_seeded_with_a_sourced_question_for_every_kind() -> None:
    seeded = list(BoardQuestion.objects.all())
    assert len(seeded) == len(read_questions()) >= 12
    assert {q.kind for q in seeded} == set(FindingKind.values)
    for question in seeded:
        assert question.source and question.source_url.startswith("https://"), question.slug
        assert question.text.endswith("?") and question.why, question.slug
    assert load_questions() == 0  # idempotent: nothing made twice


def test_an_edited_question_survives_a_reload() -> None:
    question = BoardQuestion.objects.get(slug="no-owner-name")
    question.text = "Who answers to the board for this figure?"
    question.save()
    load_questions()
    assert BoardQuestion.objects.get(slug="no-owner-name").text.startswith("Who answers")


def _tile(**changes: Any) -> Any:
    """A tile with nothing to scrutinise, then the given changes."""
    values: dict[str, Any] = {
        "trend": "No significant change: 0.10 pp a year",
        "spc": SPC_WORDS["common cause"],
        "status": TargetStatus("on track", ""),
        "latest": None,
        "gap": None,
        "sii": None,
        "adoption": SimpleNamespace(owner_id=1),
        "is_qualitative": False,
    }
    return SimpleNamespace(**(values | changes))


def test_kinds_of_finding_are_read_from_the_tile() -> None:
    assert kinds_of(_tile()) == (FindingKind.EVERY,)
    withheld = SimpleNamespace(suppressed=True, value=None)
    found = kinds_of(
        _tile(
            trend="Widened significantly: 0.80 pp a year",
            spc=SPC_WORDS["special cause concern"],
            status=TargetStatus(OFF_TRACK, ""),
            gap=withheld,
            adoption=SimpleNamespace(owner_id=None),
        )
    )
    assert found == (
        FindingKind.WIDENING_GAP,
        FindingKind.SPECIAL_CAUSE,
        FindingKind.OFF_TRACK,
        FindingKind.WITHHELD,
        FindingKind.NO_OWNER,
        FindingKind.EVERY,
    )
    assert FindingKind.NO_TARGET in kinds_of(_tile(status=TargetStatus(NO_TARGET, "")))


def test_questions_take_one_of_each_kind_first_and_respect_the_limit(registry: None) -> None:
    kinds = [FindingKind.WIDENING_GAP, FindingKind.NO_OWNER, FindingKind.EVERY]
    found = questions_for(kinds, most=3)
    assert [q.kind for q in found] == kinds
    assert len(questions_for(kinds, most=10)) > 3
    first = first_question([FindingKind.SPECIAL_CAUSE])
    assert first is not None and first.kind_label == "Special-cause variation"
    BoardQuestion.objects.filter(kind=FindingKind.SPECIAL_CAUSE).update(active=False)
    assert first_question([FindingKind.SPECIAL_CAUSE]) is None


def test_a_question_written_for_one_indicator_is_asked_only_of_it(registry: None) -> None:
    rtt = Indicator.objects.get(code=RTT)
    other = Indicator.objects.exclude(pk=rtt.pk).first()
    BoardQuestion.objects.create(
        slug="rtt-only",
        kind=FindingKind.EVERY,
        indicator=rtt,
        text="Are we offering the most deprived the same choice of dates?",
        source="Test source",
        position=0,
    )
    texts = [q.text for q in questions_for([FindingKind.EVERY], rtt, most=10)]
    assert "Are we offering the most deprived the same choice of dates?" in texts
    others = [q.text for q in questions_for([FindingKind.EVERY], other, most=10)]
    assert "Are we offering the most deprived the same choice of dates?" not in others


def test_the_indicator_page_and_the_paper_carry_the_questions(
    registry: None, organisation: Any, personas: dict[str, Any], client_for: Any
) -> None:
    seed(organisation)  # adopted with no owner and no target
    client = client_for(personas["owner"])
    page = client.get(f"/indicators/RZZ/{RTT}/").content.decode()
    assert 'id="questions"' in page and "Questions to ask" in page
    no_owner = BoardQuestion.objects.get(slug="no-owner-name")
    assert no_owner.text.replace(",", "") in page.replace(",", "")
    assert no_owner.source_url in page
    paper = client.get("/indicators/RZZ/board-paper/").content.decode()
    assert f'id="questions-{RTT}"' in paper and no_owner.source in paper
    word = Document(io.BytesIO(client.get("/indicators/RZZ/board-paper/?format=docx").content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Questions to ask" in text and no_owner.text in text and no_owner.source in text
    pypdf = pytest.importorskip("pypdf")
    pdf = pypdf.PdfReader(io.BytesIO(client.get("/indicators/RZZ/board-paper/?format=pdf").content))
    words = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Questions to ask" in words and " ".join(no_owner.text.split()) in words


def test_the_programme_team_may_keep_the_bank(registry: None, make_user: Any) -> None:
    from equityhub.indicators.demo.board import question_editing_grant

    question_editing_grant()
    facilitator = make_user(full_name="Fay Facilitator")
    facilitator.groups.add(Group.objects.get(name="Facilitators"))
    assert facilitator.has_perm("indicators.change_boardquestion")
    assert facilitator.has_perm("indicators.add_boardquestion")
    assert facilitator.has_perm("wagtailadmin.access_admin")
    outsider = make_user(full_name="Otto Outsider")
    assert not outsider.has_perm("indicators.change_boardquestion")
    from wagtail.snippets.models import get_snippet_models

    assert BoardQuestion in get_snippet_models()


def test_the_chairs_home_page_leads_with_the_board_queue(
    registry: None,
    organisation: Any,
    board_member: Any,
    personas: dict[str, Any],
    client_for: Any,
) -> None:
    from equityhub.indicators.board import services as services_board

    seed(organisation)
    services_board.paper_create(
        actor=personas["owner"],
        organisation=organisation,
        title="Report for the next board",
        meeting_date=datetime.date.today() + datetime.timedelta(days=14),
        indicator_codes=[RTT],
    )
    home = client_for(board_member).get("/").content.decode()
    for question in ("Board papers to read", "Indicators at a glance", "Questions to ask"):
        assert question in home
    assert "Report for the next board" in home
    assert Adoption.objects.filter(organisation=organisation).count() == 1
    assert "Data returns" not in home  # the analyst's queue is not the chair's
