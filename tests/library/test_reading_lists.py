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
