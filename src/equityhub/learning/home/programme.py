"""The facilitator's (programme team's) work queue on the home page: sets needing a date,
actions overdue across their sets, and new leads waiting for a buddy."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.indicators.models import ENGLAND
from equityhub.learning.home import selectors as selectors_week
from equityhub.learning.permissions import can_run
from equityhub.people.permissions import is_facilitator


def _plural(count: int, one: str, many: str) -> str:
    return f"1 {one}" if count == 1 else f"{count} {many}"


def programme_navigation(request: HttpRequest) -> list[tuple[str, str]]:
    """Header links for facilitators and administrators: their view and England's indicators."""
    if not can_run(request.user):
        return []
    england = reverse("indicators:area-index", kwargs={"level": "england", "area": ENGLAND})
    return [("Programme", reverse("learning:programme-england")), ("England indicators", england)]


def programme_section(request: HttpRequest) -> HomeSection | None:
    user = request.user
    if not is_facilitator(user):
        return None
    undated = selectors_week.sets_needing_a_date(user)
    overdue = selectors_week.overdue_across_sets(user)
    waiting = selectors_week.unmatched_buddy_requests()
    queue = (
        QueueLine(
            "Sets needing a date",
            f"{_plural(len(undated), 'set has', 'sets have')} no meeting booked: {undated[0]}"
            if undated
            else "none: every set you run has a meeting booked",
            reverse("learning:set", kwargs={"pk": undated[0].pk}) if undated else "",
            flag="Needs a date" if undated else "",
        ),
        QueueLine(
            "Actions overdue across your sets",
            f"{_plural(len(overdue), 'action', 'actions')}, the oldest "
            f"{overdue[0].days_overdue} days overdue"
            if overdue
            else "none: members have reviewed every action that was due",
            reverse("learning:programme") if overdue else "",
            flag="Overdue" if overdue else "",
        ),
        QueueLine(
            "Buddy requests unmatched",
            f"{_plural(len(waiting), 'new lead waits', 'new leads wait')} for a buddy"
            if waiting
            else "none: every new lead who asked has a buddy or an offer",
            reverse("learning:buddy-pairs") if waiting else "",
        ),
    )
    items = [
        HomeItem(
            "Leads across England",
            reverse("learning:programme-england"),
            hint="Every trust and ICB: named leads, gaps and a download",
        )
    ]
    items += [
        HomeItem(
            f"Book a meeting for {learning_set}",
            reverse("learning:set", kwargs={"pk": learning_set.pk}),
            hint="No meeting to come",
            urgent=True,
        )
        for learning_set in undated[:3]
    ]
    items += [
        HomeItem(f"{profile.user} asked for a buddy", reverse("learning:buddy-pairs"))
        for profile in waiting[:3]
    ]
    return HomeSection(
        title="Your programme",
        items=tuple(items),
        empty_text="Every set has a date and every new lead has a buddy.",
        more_href=reverse("learning:programme"),
        more_text="Participation across the programme",
        order=5,
        queue=queue,
    )
