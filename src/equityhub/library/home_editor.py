"""The content editor's work queue on the home page: resources past their review date, broken
links, and suggestions and comments waiting for a decision."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.library import selectors
from equityhub.library.contributions import Contribution
from equityhub.library.engagement import Comment, CommentStatus
from equityhub.library.permissions import is_editor


def _line(question: str, count: int, one: str, many: str, done: str, flag: str) -> QueueLine:
    if not count:
        return QueueLine(question, done)
    return QueueLine(
        question, f"1 {one}" if count == 1 else f"{count} {many}", reverse("library:queue"), flag
    )


def editor_section(request: HttpRequest) -> HomeSection | None:
    if not is_editor(request.user):
        return None
    overdue = list(selectors.overdue_reviews()[:50])
    broken = list(selectors.broken_links()[:50])
    suggestions = Contribution.objects.awaiting_editor().count()
    comments = Comment.objects.filter(status=CommentStatus.PENDING).count()
    queue = (
        _line(
            "Past review date",
            len(overdue),
            "resource to review",
            "resources to review",
            "none: every resource is within its review date",
            "Review due",
        ),
        _line(
            "Broken links",
            len(broken),
            "resource links to a page that no longer answers",
            "resources link to pages that no longer answer",
            "none found at the last check",
            "Broken",
        ),
        _line(
            "Suggestions waiting",
            suggestions + comments,
            "suggestion or comment waits for you",
            f"suggestions and comments wait for you ({suggestions} and {comments})",
            "none: you are up to date",
            "Waiting",
        ),
    )
    items = [
        HomeItem(item.title, item.url or "", hint=f"Review was due {item.next_review_date:%-d %B}")
        for item in overdue[:3]
    ] + [HomeItem(item.title, item.url or "", hint="Broken link") for item in broken[:2]]
    return HomeSection(
        title="Editorial work",
        items=tuple(items),
        empty_text="Nothing is past review and no link is broken.",
        more_href=reverse("library:queue"),
        more_text="The editors' queue",
        order=4,
        queue=queue,
    )
