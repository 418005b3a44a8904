"""The library's part of the home page: work for editors, new items for everyone."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection
from equityhub.library.contributions import Contribution
from equityhub.library.engagement import Comment, CommentStatus
from equityhub.library.models import Kind, LibraryItem
from equityhub.library.permissions import is_editor


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
