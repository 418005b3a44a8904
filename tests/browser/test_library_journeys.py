"""Library journeys: search and filter, read a resource and mark it useful, follow a pathway,
read a case study, and suggest one (with a mistake first). JavaScript on (axe) and off."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _publish(index: Any, page: Any) -> Any:
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def shelf(personas: dict[str, Any]) -> dict[str, Any]:
    from equityhub.library.models import CaseStudy, Pathway, Resource
    from equityhub.library.pages import ensure_library_index
    from equityhub.library.pathways import PathwayStep

    index = ensure_library_index()
    resource = _publish(
        index,
        Resource(
            title="Ethnicity data quality in hospital records",
            slug="ethnicity-data-quality",
            summary="How complete ethnicity recording is, and how to improve data quality.",
            level="introductory",
            publisher="Example publisher",
            publication_date=datetime.date(2024, 1, 1),
            link="https://example.org/report",
            last_review_date=datetime.date(2026, 9, 1),
        ),
    )
    _publish(
        index,
        Resource(
            title="Advanced methods for ethnicity data quality",
            slug="advanced-methods",
            summary="Statistical checks of data quality.",
            level="advanced",
        ),
    )
    for n in range(21):
        _publish(
            index, Resource(title=f"Estates note {n}", slug=f"estates-{n}", summary="Estates.")
        )
    case = _publish(
        index,
        CaseStudy(
            title="Raising ethnicity recording in outpatients",
            slug="case-recording",
            summary="A fictional trust improved recording.",
            is_illustrative=True,
            problem="Records lacked ethnicity.",
            what_was_done="Reception staff were trained to ask.",
        ),
    )
    _publish(
        index,
        Pathway(
            title="Getting ethnicity data right",
            slug="pathway-data",
            summary="Two steps.",
            steps=[PathwayStep(item=resource, sort_order=0), PathwayStep(item=case, sort_order=1)],
        ),
    )
    return personas


def test_search_filter_read_and_mark_useful(visitor: Any, shelf: dict[str, Any]) -> None:
    visitor.sign_in(shelf["owner"].email, PASSWORD)
    visitor.visit("/library/search/?q=ethnicity+data+quality")
    assert "Advanced methods" in visitor.page.content()
    visitor.page.check("#f-level-introductory")
    visitor.page.click("button >> text=Apply filters")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "level=introductory" in visitor.page.url
    assert "Advanced methods" not in visitor.page.content()
    visitor.page.click("a >> text=hospital records")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.click("button >> text=Mark as useful for my role")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "1 person has marked this useful" in visitor.page.content()
    assert "Last reviewed" in visitor.page.content()


def test_follow_a_pathway_and_read_a_case_study(visitor: Any, shelf: dict[str, Any]) -> None:
    visitor.sign_in(shelf["member"].email, PASSWORD)
    visitor.visit("/library/pathway-data/")
    visitor.page.check("input[name=done] >> nth=0")
    visitor.page.fill("textarea[name=note] >> nth=0", "Talk to reception leads.")
    visitor.page.click("button >> text=Save step 1")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You have done 1 of 2 steps" in visitor.page.content()
    visitor.visit("/library/case-recording/")
    assert "This case study is fictional" in visitor.page.content()


def test_suggest_a_case_study_with_a_mistake_first(visitor: Any, shelf: dict[str, Any]) -> None:
    visitor.sign_in(shelf["owner"].email, PASSWORD)
    visitor.visit("/library/suggest/case_study/")
    visitor.page.fill("#id_title", "Pop")
    visitor.page.click("button >> text=Send suggestion")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.fill("#id_title", "Pop-up blood pressure checks")
    visitor.page.fill("#id_summary", "Checks in community venues found undiagnosed hypertension.")
    visitor.page.fill("#id_what_was_done", "Checks at a food bank.")
    visitor.page.click("button >> text=Send suggestion")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Your suggestions" in visitor.page.content()
    assert "Waiting for an editor" in visitor.page.content()


def test_public_visitor_searches_without_signing_in(visitor: Any, shelf: dict[str, Any]) -> None:
    visitor.visit("/library/")
    visitor.visit("/library/search/?q=estates")
    visitor.page.click("a >> text=Next")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.visit("/library/search/?q=zzzzqqq")
    assert "No results" in visitor.page.content()


def test_ask_for_a_certificate_then_check_it(visitor: Any, shelf: dict[str, Any]) -> None:
    from django.utils import timezone

    from equityhub.library.certificates import Certificate
    from equityhub.library.models import Pathway
    from equityhub.library.pathways import ReadingList, ReadingListEntry

    pathway = Pathway.objects.get(slug="pathway-data")
    Pathway.objects.filter(pk=pathway.pk).update(leads_to_certificate=True)
    visitor.sign_in(shelf["owner"].email, PASSWORD)
    for n in (1, 2):
        visitor.visit("/library/pathway-data/")
        visitor.page.check(f"input[name=done] >> nth={n - 1}")
        visitor.page.fill(f"textarea[name=note] >> nth={n - 1}", f"Reflection {n}.")
        visitor.page.click(f"button >> text=Save step {n}")
        visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.click("button >> text=Share my reflections and ask for a certificate")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "A facilitator is reading your reflections" in visitor.page.content()
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(
        status="issued", issued_at=timezone.now(), reviewer=shelf["administrator"]
    )
    visitor.visit(f"/library/certificates/{certificate.code}/")
    visitor.check()
    assert "This certificate is genuine" in visitor.page.content()

    reading_list = ReadingList.objects.create(title="Data study group", slug="data-group")
    ReadingListEntry.objects.create(
        reading_list=reading_list,
        item=pathway.steps.first().item,
        position=1,
        read_by=datetime.date(2026, 12, 1),
    )
    visitor.visit("/library/reading-lists/")
    visitor.page.click("a >> text=Data study group")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Read by 1 December 2026" in visitor.page.content()
    visitor.visit("/library/new/for-me/")
    visitor.check()
