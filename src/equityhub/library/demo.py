"""Demo library: about 40 real publications in our own words, 8 fictional case studies and
3 learning pathways. Idempotent: an item whose slug exists is left alone."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from equityhub.library.demo_cases import CASES, PATHWAYS
from equityhub.library.demo_data import BODIES, RESOURCES
from equityhub.library.models import (
    CaseStudy,
    EvidenceType,
    Geography,
    LibraryIndexPage,
    LibraryItem,
    Pathway,
    Resource,
)
from equityhub.library.pages import ensure_library_index
from equityhub.library.pathways import PathwayStep
from equityhub.library.taxonomy import Audience, Topic

EVIDENCE_BY_KIND = {
    "research": EvidenceType.STUDY,
    "evidence_summary": EvidenceType.REVIEW,
    "guidance": EvidenceType.POLICY,
    "data_source": EvidenceType.DATA,
    "method": EvidenceType.PRACTICE,
    "lived_experience": EvidenceType.LIVED_EXPERIENCE,
}
OVERDUE = {"imd-2019", "covid-disparities"}
MEMBERS_ONLY = {"board-paper-template"}


def _review_dates(slug: str) -> dict[str, datetime.date]:
    today = timezone.localdate()
    if slug in OVERDUE:
        return {
            "last_reviewed": today - datetime.timedelta(days=400),
            "review_due": today - datetime.timedelta(days=35),
        }
    return {
        "last_reviewed": today - datetime.timedelta(days=30),
        "review_due": today + datetime.timedelta(days=335),
    }


def _publish(index: LibraryIndexPage, page: LibraryItem, topics: Any, audiences: Any) -> None:
    index.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=topics))
    page.audiences.set(Audience.objects.filter(slug__in=audiences))
    page.save_revision().publish()


def _resources(index: LibraryIndexPage, existing: set[str]) -> None:
    for slug, title, kind, level, publisher, year, link, topics, audiences, summary in RESOURCES:
        if slug in existing:
            continue
        page = Resource(
            title=title,
            slug=slug,
            kind=kind,
            level=level,
            publisher=publisher,
            publication_date=datetime.date(year, 1, 1),
            link=link,
            summary=summary,
            evidence_type=EVIDENCE_BY_KIND.get(kind, ""),
            geography=Geography.INTERNATIONAL
            if "World Health" in publisher or "Healthcare Improvement" in publisher
            else Geography.ENGLAND,
            members_only=slug in MEMBERS_ONLY,
            body=BODIES.get(slug, []),
            **_review_dates(slug),
        )
        _publish(index, page, topics, audiences)


def _cases(index: LibraryIndexPage, existing: set[str]) -> None:
    for case in CASES:
        if case.slug in existing:
            continue
        page = CaseStudy(
            title=case.title,
            slug=case.slug,
            summary=case.summary,
            level="introductory",
            organisation_name=case.organisation,
            is_illustrative=True,
            context="This is an illustrative example written for Equity Hub.",
            problem=case.problem,
            what_was_done=case.done,
            measures_used=case.measures,
            results=case.results,
            learning=case.learning,
            geography=Geography.SYSTEM,
            publisher="Equity Hub (illustrative)",
            publication_date=datetime.date(2026, 1, 1),
            **_review_dates(case.slug),
        )
        _publish(index, page, case.topics, case.audiences)


def _pathways(index: LibraryIndexPage, existing: set[str]) -> None:
    items = {item.slug: item for item in LibraryItem.objects.child_of(index)}
    for slug, title, level, audiences, introduction, steps in PATHWAYS:
        if slug in existing:
            continue
        page = Pathway(
            title=title,
            slug=slug,
            level=level,
            summary=introduction,
            introduction=introduction,
            publisher="Equity Hub",
            publication_date=datetime.date(2026, 1, 1),
            steps=[
                PathwayStep(item=items[item_slug], why=why, sort_order=n)
                for n, (item_slug, why) in enumerate(steps)
                if item_slug in items
            ],
            **_review_dates(slug),
        )
        _publish(index, page, (), audiences)


@transaction.atomic
def load(password: str) -> list[tuple[str, str, str]]:
    index = ensure_library_index()
    existing = set(LibraryItem.objects.child_of(index).values_list("slug", flat=True))
    _resources(index, existing)
    _cases(index, existing)
    _pathways(index, existing)
    return []
