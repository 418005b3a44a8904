"""What learning adds to the home page: your next meeting, your actions to review, buddy
requests and check-ins due, and your next event."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.context_processors import register_navigation
from equityhub.core.home import HomeItem, HomeSection, QueueLine, register_home_provider
from equityhub.core.models import User
from equityhub.learning.buddying import services as services_buddies
from equityhub.learning.buddying.models import Buddying
from equityhub.learning.events.models import Booking
from equityhub.learning.home import programme as home_programme
from equityhub.learning.home import selectors as selectors_week
from equityhub.learning.sets import selectors
from equityhub.learning.sets.models import Meeting
from equityhub.people.models import Membership


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


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _meeting_line(user: User, meeting: Meeting | None) -> QueueLine:
    if meeting is None:
        return QueueLine(
            "Next meeting",
            "none booked: find a learning set or collaborative to join",
            reverse("learning:index"),
            rank=1,
        )
    local = timezone.localtime(meeting.starts_at)
    due = selectors_week.actions_due_at(meeting, user)
    what = f"; {due} of your actions to review" if due else "; ask to present if you have an issue"
    return QueueLine(
        "Next meeting",
        f"{meeting.learning_set}, {local:%a %-d %b, %H:%M}{what}",
        reverse("learning:meeting", kwargs={"pk": meeting.pk}),
        rank=1,
    )


def _overdue_line(overdue: list[selectors_week.OverdueAction]) -> QueueLine:
    if not overdue:
        return QueueLine("Overdue actions", "none: every action is up to date", rank=2)
    oldest = overdue[0]
    count = "1 action" if len(overdue) == 1 else f"{len(overdue)} actions"
    return QueueLine(
        "Overdue actions",
        f"{count}, the oldest {_days(oldest.days_overdue)} overdue: {oldest.action}",
        reverse("learning:action-review", kwargs={"pk": oldest.action.pk}),
        flag="Overdue",
        rank=2,
    )


def _overdue_items(overdue: list[selectors_week.OverdueAction]) -> list[HomeItem]:
    return [
        HomeItem(
            text=f"{o.action} ({_days(o.days_overdue)} overdue)",
            href=reverse("learning:action-review", kwargs={"pk": o.action.pk}),
            hint=f"Due at the meeting on {o.due_on:%-d %B}: say whether it is done",
            urgent=True,
        )
        for o in overdue[:3]
    ]


def learning_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    user: User = request.user
    meetings = selectors.next_meetings_for(user, limit=1)
    overdue = selectors_week.my_overdue_actions(user)
    items = _meeting_items(request) + _overdue_items(overdue) + _action_items(request)
    is_lead = Membership.objects.leads().filter(user=user).exists()
    # A lead's first screen always answers "when do I next meet?" and "what is overdue?", even
    # when the answer is "nothing": an empty queue line says what to do next.
    queue = (_meeting_line(user, meetings[0] if meetings else None), _overdue_line(overdue))
    if not items and not is_lead:
        return None
    return HomeSection(
        title="Learning sets",
        items=tuple(items),
        empty_text="You are in no learning set yet. Find one to join on the learning page.",
        more_href=reverse("learning:index"),
        more_text="All your learning",
        order=40,
        queue=queue if (is_lead or meetings or overdue) else (),
    )


def _buddy_items(user: User) -> list[HomeItem]:
    asked = Buddying.objects.visible_to(user).filter(status="proposed", partner=user)
    items = [
        HomeItem(
            text=f"{pairing.proposer} would like to be your buddy",
            href=reverse("learning:buddying", kwargs={"pk": pairing.pk}),
            hint="Accept or decline",
        )
        for pairing in asked.select_related("proposer")[:2]
    ]
    for pairing in services_buddies.check_ins_due_for(user)[:2]:
        items.append(
            HomeItem(
                text=f"Buddy check-in due with {pairing.other(user)}",
                href=reverse("learning:buddying", kwargs={"pk": pairing.pk}),
                hint="Catch up, then say how it is going",
            )
        )
    return items


def _event_items(user: User) -> list[HomeItem]:
    booking = (
        Booking.objects.booked()
        .filter(user=user, event__status="scheduled", event__ends_at__gt=timezone.now())
        .select_related("event")
        .order_by("event__starts_at")
        .first()
    )
    if booking is None:
        return []
    local = timezone.localtime(booking.event.starts_at)
    return [
        HomeItem(
            text=f"Your next event: {booking.event}, {local:%A %-d %B, %H:%M}",
            href=reverse("learning:event", kwargs={"pk": booking.event_id}),
            urgent=booking.event.starts_at - timezone.now() < datetime.timedelta(days=1),
        )
    ]


def together_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    user: User = request.user
    items = _buddy_items(user) + _event_items(user)
    if not items:
        return None
    return HomeSection(
        title="Buddying and events",
        items=tuple(items),
        more_href=reverse("learning:events"),
        more_text="All events",
        order=41,
    )


def register() -> None:
    register_home_provider("learning.sets", learning_section)
    register_home_provider("learning.together", together_section)
    register_home_provider("learning.programme", home_programme.programme_section)
    register_navigation(home_programme.programme_navigation)
