"""The home page's "what needs me now" slot.

`core` cannot import the pillars (they sit above it), so each pillar registers a provider at
start-up (in its AppConfig.ready). A provider takes the request and returns a HomeSection, or
None when it has nothing for this person.

A section may also put lines in the person's work queue: one short answer per weekly question
("When is my next meeting?", "What is overdue?"), shown together on the first screen so that a
lead with ten minutes a week sees what needs them without scrolling or clicking. The cards
below the queue carry the detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeItem:
    text: str
    href: str = ""
    hint: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class QueueLine:
    """One weekly question answered in a line: ``question`` names it ("Next meeting"),
    ``answer`` says it in plain English, and ``flag`` marks what is late ("Overdue")."""

    question: str
    answer: str
    href: str = ""
    flag: str = ""
    rank: int = 0  # a role's own work first; the lead's four questions then in the order asked


@dataclass(frozen=True)
class HomeSection:
    title: str
    items: tuple[HomeItem, ...] = ()
    empty_text: str = "Nothing needs you here at the moment."
    more_href: str = ""
    more_text: str = ""
    order: int = 100
    tags: tuple[str, ...] = field(default=())
    queue: tuple[QueueLine, ...] = ()


HomeProvider = Callable[[HttpRequest], HomeSection | None]
_providers: dict[str, HomeProvider] = {}


def register_home_provider(name: str, provider: HomeProvider) -> None:
    """Add (or replace) a named provider; names keep registration idempotent."""
    _providers[name] = provider


def home_sections(request: HttpRequest) -> list[HomeSection]:
    sections = [section for provider in _providers.values() if (section := provider(request))]
    return sorted(sections, key=lambda section: (section.order, section.title))


def work_queue(sections: list[HomeSection]) -> list[QueueLine]:
    """The queue lines of every section, by rank, then in the sections' order."""
    lines = [(line.rank, n, line) for n, section in enumerate(sections) for line in section.queue]
    return [line for _, _, line in sorted(lines, key=lambda entry: entry[:2])]
