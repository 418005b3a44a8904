"""The library's exports read back by other software: its own RIS re-imported finds every item
already there (resources, case studies and pathways), and its BibTeX read by pybtex, a parser
independent of the one that writes it, gives back the text exactly."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from pybtex.database import parse_string
from pylatexenc.latex2text import LatexNodes2Text

from equityhub.library import imports
from equityhub.library.models import LibraryItem

TRICKY_TITLE = "From 62% to 91% {in two years} & #1 in Équité — café"
TRICKY_AUTHOR = "Müller, Zoë"


@pytest.fixture
def editor(make_user: Any, library: Any) -> Any:
    user = make_user()
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


def test_reimporting_the_library_ris_export_adds_nothing(
    make_item: Any, editor: Any, client: Any
) -> None:
    make_item(title="A resource", link="https://example.org/a")
    make_item("case", title="A case study from Leeds")
    make_item("pathway", title="A pathway for new leads")
    ris = client.get("/library/search/export/?format=ris").content.decode()
    assert "A case study from Leeds" in ris and "A pathway for new leads" in ris
    before = LibraryItem.objects.count()
    report = imports.import_resources(editor=editor, kind="ris", text=ris)
    assert [r.outcome for r in report.records] == ["duplicate"] * 3, [
        (r.title, r.outcome) for r in report.records
    ]
    assert LibraryItem.objects.count() == before


def _plain(latex: str) -> str:
    """The text LaTeX typesets for a field: a bare `%` starts a comment and hides the rest, as
    in TeX. (pybtex splits the file into entries and fields; its own LaTeX reader does not know
    escaped braces, so the typesetting is read by pylatexenc.)"""
    return str(LatexNodes2Text(math_mode="verbatim").latex_to_text(latex))


def test_bibtex_export_round_trips_through_pybtex(make_item: Any, client: Any) -> None:
    item = make_item(
        title=TRICKY_TITLE,
        summary="Braces {kept}, 100% & more",
        authors=f"{TRICKY_AUTHOR}; Ng, Ann",
        link="https://example.org/report?a=1&b=2%20x",
    )
    bib = client.get("/library/search/export/?format=bibtex").content.decode()
    data = parse_string(bib, "bibtex")
    entry = data.entries[f"equityhub{item.pk}"]
    assert _plain(entry.fields["title"]) == TRICKY_TITLE
    assert _plain(entry.fields["abstract"]) == "Braces {kept}, 100% & more"
    assert entry.fields["url"] == "https://example.org/report?a=1&b=2%20x"
    authors = [str(person) for person in entry.persons["author"]]
    assert [_plain(a) for a in authors] == ["Müller, Zoë", "Ng, Ann"]


def test_bibtex_keys_do_not_depend_on_result_order(make_item: Any) -> None:
    first, second = make_item(title="Alpha guide"), make_item(title="Beta guide")
    forwards = parse_string(imports.export([first, second], "bibtex"), "bibtex")
    backwards = parse_string(imports.export([second, first], "bibtex"), "bibtex")
    assert {k: e.fields["title"] for k, e in forwards.entries.items()} == {
        k: e.fields["title"] for k, e in backwards.entries.items()
    }


def test_atom_feed_entries_have_authors_for_feed_readers(make_item: Any, client: Any) -> None:
    """RFC 4287 §4.1.1: an entry needs an author unless the feed itself names one."""
    import feedparser

    make_item(title="Written by people", authors="Ng, Ann; Patel, Raj")
    make_item(title="Published by a body", publisher="NHS England")
    make_item(title="Nobody named")
    parsed = feedparser.parse(client.get("/library/new/feed/").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.get("author"), "the feed names its author"
    authors = {entry.title: entry.get("author") for entry in parsed.entries}
    assert authors["Written by people"] == "Ng, Ann; Patel, Raj"
    assert authors["Published by a body"] == "NHS England"
    assert authors["Nobody named"] == "Equity Hub"
