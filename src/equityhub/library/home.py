"""The library's part of the home page: what is new, for everyone (editors' work is in
`home_editor`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.library.models import Kind, LibraryItem


def _new_count(request: HttpRequest) -> int:
    from equityhub.library.new_for_me import interests_for, matching_items

    user: Any = request.user
    since = timezone.now() - datetime.timedelta(days=30)
    return int(matching_items(user, interests_for(user), since=since).count())


def _new_for_me(count: int) -> list[HomeItem]:
    """One line pointing at what is new on this person's topics, when there is any."""
    if not count:
        return []
    label = f"{count} new {'item' if count == 1 else 'items'} on your topics and for your role"
    return [HomeItem(label, reverse("library:new-for-me"), hint="New for me")]


def _new_line(count: int, newest: list[Any]) -> QueueLine:
    if count:
        label = f"{count} {'item' if count == 1 else 'items'} on your topics in the last 30 days"
        return QueueLine("New in the library", label, reverse("library:new-for-me"), rank=4)
    if newest:
        latest = f"latest, {newest[0].title}"
        return QueueLine("New in the library", latest, newest[0].url or "", rank=4)
    return QueueLine("New in the library", "nothing yet", reverse("library:index"), rank=4)


def library_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    items: list[HomeItem] = []
    count = _new_count(request)
    items += _new_for_me(count)
    newest = list(
        LibraryItem.objects.visible_to(request.user)
        .exclude(kind=Kind.PATHWAY)
        .order_by("-first_published_at")[:3]
    )
    items += [HomeItem(item.title, item.url or "", hint=item.get_kind_display()) for item in newest]
    return HomeSection(
        title="New in the library",
        items=tuple(items),
        empty_text="Nothing new in the library yet.",
        more_href=reverse("library:index"),
        more_text="Go to the library",
        order=60,
        queue=(_new_line(count, newest),),
    )
