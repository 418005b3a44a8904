"""What learning adds to the home page: your next meeting and your actions to review."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, register_home_provider
from equityhub.learning import selectors


def _meeting_items(request: HttpRequest) -> list[HomeItem]:
    meetings = selectors.next_meetings_for(request.user, limit=1)  # type: ignore[arg-type]
    items = []
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at)
        soon = meeting.starts_at - timezone.now() < datetime.timedelta(days=2)
        items.append(
            HomeItem(
                text=f"Next meeting of {meeting.learning_set}: {local:%A %-d %B, %H:%M}",
                href=reverse("learning:meeting", kwargs={"pk": meeting.pk}),
                hint="Ask to present if you have an issue to bring",
                urgent=soon,
            )
        )
    return items


def _action_items(request: HttpRequest) -> list[HomeItem]:
    actions = selectors.open_actions_for(request.user)  # type: ignore[arg-type]
    if not actions:
        return []
    count = len(actions)
    text = "1 action to review" if count == 1 else f"{count} actions to review"
    first = actions[0]
    return [
        HomeItem(
            text=f"{text} at your next learning set meeting",
            href=reverse("learning:action-review", kwargs={"pk": first.pk}),
            hint="Say whether each is done, in progress or dropped, and what you learned",
        )
    ]


def learning_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    items = _meeting_items(request) + _action_items(request)
    if not items:
        return None
    return HomeSection(
        title="Learning sets",
        items=tuple(items),
        more_href=reverse("learning:index"),
        more_text="All your learning",
        order=40,
    )


def register() -> None:
    register_home_provider("learning.sets", learning_section)
