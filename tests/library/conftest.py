"""Library fixtures: the index page and a factory of published pages."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest

_numbers = itertools.count(1)

FILLER_WORDS = [
    "board",
    "governance",
    "finance",
    "estates",
    "procurement",
    "catering",
    "parking",
    "rota",
    "payroll",
    "maintenance",
    "pharmacy",
    "theatres",
    "radiology",
    "pathology",
    "outpatients",
    "discharge",
]


@pytest.fixture
def library(db: None) -> Any:
    from equityhub.library.pages import ensure_library_index

    return ensure_library_index()


@pytest.fixture
def make_item(library: Any) -> Callable[..., Any]:
    """Create and publish a library page; topics/audiences by slug."""
    from equityhub.library.models import CaseStudy, Pathway, Resource
    from equityhub.library.taxonomy import Audience, Topic

    def make(
        cls: Any = Resource,
        *,
        topics: tuple[str, ...] = (),
        audiences: tuple[str, ...] = (),
        live: bool = True,
        **fields: Any,
    ) -> Any:
        n = next(_numbers)
        fields.setdefault("title", f"Library item {n}")
        fields.setdefault("summary", f"Summary of item {n}.")
        fields.setdefault("publication_date", datetime.date(2021, 6, 1))
        page = {"resource": Resource, "case": CaseStudy, "pathway": Pathway}.get(cls, cls)(**fields)
        library.add_child(instance=page)
        page.topics.set(Topic.objects.filter(slug__in=topics))
        page.audiences.set(Audience.objects.filter(slug__in=audiences))
        revision = page.save_revision()
        if live:
            revision.publish()
        else:
            page.live = False
            page.save()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def filler(make_item: Callable[..., Any]) -> list[Any]:
    """Enough unrelated rows for FTS5 ranking to mean something."""
    return [
        make_item(
            title=f"{word.title()} operations note {i}",
            summary=f"Routine {word} guidance for {FILLER_WORDS[(i + 3) % 16]} teams.",
        )
        for i, word in enumerate(FILLER_WORDS * 2)
    ]
