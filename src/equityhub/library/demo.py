"""Demo library: about 40 real publications in our own words, 8 fictional case studies and
3 learning pathways. Idempotent: an item whose slug exists is left alone."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone

from equityhub.library.demo_cases import CASES, PATHWAYS
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
from equityhub.library.pathways import PathwayStep, ReadingList, ReadingListEntry
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
CERTIFICATE_PATHWAYS = {"pathway-new-hi-lead"}
READING_LIST = (
    "study-group-ethnicity-data",
    "Study group: ethnicity data and what it shows",
    "Four readings over eight weeks for a study group of leads and analysts.",
    [
        "ethnic-category-data-dictionary",
        "asking-about-ethnicity",
        "case-ethnicity-recording",
        "ethnic-inequalities-in-healthcare-rapid-evidence-review",
    ],
)
MEMBERS_ONLY = {"board-paper-template"}


def _review_dates(slug: str) -> dict[str, datetime.date]:
    """Last reviewed dates; the next review falls 12 months later (wagtail-periodic-review)."""
    days = 400 if slug in OVERDUE else 30
    return {"last_review_date": timezone.localdate() - datetime.timedelta(days=days)}


def _publish(index: LibraryIndexPage, page: LibraryItem, topics: Any, audiences: Any) -> None:
    index.add_child(instance=page)
    page.topics.set(Topic.objects.filter(slug__in=topics))
    page.audiences.set(Audience.objects.filter(slug__in=audiences))
    page.save_revision().publish()


# Real public publications (our own summaries), and our own text where `body` is given.
DEMO_LIBRARY = Path(__file__).parent / "data" / "demo_library.yaml"


def _demo_resources() -> list[dict[str, Any]]:
    with DEMO_LIBRARY.open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle)["resources"])


def _resources(index: LibraryIndexPage, existing: set[str]) -> None:
    for row in _demo_resources():
        slug, kind, publisher = row["slug"], row["kind"], row["publisher"]
        if slug in existing:
            continue
        page = Resource(
            title=row["title"],
            slug=slug,
            kind=kind,
            level=row["level"],
            publisher=publisher,
            publication_date=datetime.date(row["year"], 1, 1),
            link=row["link"],
            summary=row["summary"],
            evidence_type=EVIDENCE_BY_KIND.get(kind, ""),
            geography=Geography.INTERNATIONAL
            if "World Health" in publisher or "Healthcare Improvement" in publisher
            else Geography.ENGLAND,
            members_only=slug in MEMBERS_ONLY,
            body=[(block["type"], block["value"]) for block in row.get("body", [])],
            **_review_dates(slug),
        )
        _publish(index, page, row["topics"], row["audiences"])


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
            leads_to_certificate=slug in CERTIFICATE_PATHWAYS,
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
    _reading_list(index)
    return []


def _reading_list(index: LibraryIndexPage) -> None:
    slug, title, description, item_slugs = READING_LIST
    reading_list, created = ReadingList.objects.get_or_create(
        slug=slug, defaults={"title": title, "description": description}
    )
    if not created:
        return
    items = {item.slug: item for item in LibraryItem.objects.child_of(index)}
    start = timezone.localdate()
    for position, item_slug in enumerate(s for s in item_slugs if s in items):
        ReadingListEntry.objects.create(
            reading_list=reading_list,
            item=items[item_slug],
            position=position + 1,
            read_by=start + datetime.timedelta(weeks=2 * (position + 1)),
        )
