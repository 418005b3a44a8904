"""Reading lists: ordered, scheduled, and filtered to what each reader may see."""

from __future__ import annotations

import datetime
from typing import Any

from equityhub.library.pathways import ReadingList, ReadingListEntry
from equityhub.library.selectors import reading_list_entries


def test_entries_in_order_without_hidden_items(make_item: Any, personas: dict[str, Any]) -> None:
    first = make_item(title="First read")
    members = make_item(title="Members read", members_only=True)
    draft = make_item(title="Draft read", live=False)
    reading_list = ReadingList.objects.create(title="Autumn", slug="autumn")
    for position, item in enumerate([members, first, draft]):
        ReadingListEntry.objects.create(
            reading_list=reading_list,
            item=item,
            position=position,
            read_by=datetime.date(2026, 10, 1 + position),
        )
    public = [e.item.title for e in reading_list_entries(reading_list, None)]
    assert public == ["First read"]
    member = [e.item.title for e in reading_list_entries(reading_list, personas["member"])]
    assert member == ["Members read", "First read"]


def test_reading_list_pages(make_item: Any, client_for: Any, personas: dict[str, Any]) -> None:
    first = make_item(title="First read")
    members = make_item(title="Members read", members_only=True)
    reading_list = ReadingList.objects.create(
        title="Autumn study group", slug="autumn", description="Six weeks on data."
    )
    ReadingListEntry.objects.create(
        reading_list=reading_list, item=first, position=1, read_by=datetime.date(2026, 10, 1)
    )
    ReadingListEntry.objects.create(reading_list=reading_list, item=members, position=2)
    assert reading_list.get_absolute_url() == "/library/reading-lists/autumn/"
    anonymous = client_for(None)
    index = anonymous.get("/library/reading-lists/").text
    assert "Autumn study group" in index and "2 readings" in index
    public = anonymous.get("/library/reading-lists/autumn/").text
    assert "First read" in public and "Read by 1 October 2026" in public
    assert "Members read" not in public and "to see 1 more reading for members" in public
    member = client_for(personas["member"]).get("/library/reading-lists/autumn/").text
    assert "Members read" in member and "more reading" not in member
    assert anonymous.get("/library/reading-lists/nope/").status_code == 404


def test_reading_lists_and_pathways_export_for_reference_managers(
    make_item: Any, client_for: Any, personas: dict[str, Any]
) -> None:
    from equityhub.library.pathways import PathwayStep

    first = make_item(title="First read", link="https://example.org/first")
    members = make_item(title="Members read", members_only=True)
    reading_list = ReadingList.objects.create(title="Autumn", slug="autumn")
    for position, item in enumerate([first, members], start=1):
        ReadingListEntry.objects.create(reading_list=reading_list, item=item, position=position)
    anonymous = client_for(None)
    ris = anonymous.get("/library/reading-lists/autumn/export/?format=ris")
    assert ris["Content-Disposition"] == 'attachment; filename="autumn.ris"'
    assert "TI  - First read" in ris.text and "Members read" not in ris.text
    member_csv = client_for(personas["member"]).get("/library/reading-lists/autumn/export/")
    assert "First read" in member_csv.text and "Members read" in member_csv.text

    pathway = make_item("pathway", title="Path", slug="path")
    PathwayStep.objects.create(pathway=pathway, item=members, sort_order=0)
    PathwayStep.objects.create(pathway=pathway, item=first, sort_order=1)
    bib = client_for(personas["member"]).get("/library/path/export/?format=bibtex").text
    assert bib.index("Members read") < bib.index("First read")
    assert "Members read" not in anonymous.get("/library/path/export/?format=bibtex").text
