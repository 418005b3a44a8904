"""The library's part of the home page: work for editors, new items for everyone."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection
from equityhub.library.contributions import Contribution
from equityhub.library.engagement import Comment, CommentStatus
from equityhub.library.models import Kind, LibraryItem
from equityhub.library.permissions import is_editor


def _new_for_me(request: HttpRequest) -> list[HomeItem]:
    """One line pointing at what is new on this person's topics, when there is any."""
    from equityhub.library.new_for_me import interests_for, matching_items

    user: Any = request.user
    since = timezone.now() - datetime.timedelta(days=30)
    count = matching_items(user, interests_for(user), since=since).count()
    if not count:
        return []
    label = f"{count} new {'item' if count == 1 else 'items'} on your topics and for your role"
    return [HomeItem(label, reverse("library:new-for-me"), hint="New for me")]


def library_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    items: list[HomeItem] = []
    if is_editor(request.user):
        waiting = Contribution.objects.awaiting_editor().count()
        comments = Comment.objects.filter(status=CommentStatus.PENDING).count()
        if waiting or comments:
            items.append(
                HomeItem(
                    f"{waiting} suggestions and {comments} comments wait for an editor",
                    reverse("library:queue"),
                    urgent=True,
                )
            )
    items += _new_for_me(request)
    newest = (
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
    )
