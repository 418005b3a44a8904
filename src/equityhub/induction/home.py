"""The induction offer's part of the home page: the self-assessment for someone without one,
then the next steps in their plan; proposals waiting for editors."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.induction import selectors
from equityhub.induction.models import Activity, Measure, Suggestion
from equityhub.library.permissions import is_editor
from equityhub.people.models import Membership

NEXT_STEPS = 3


def _editor_items(request: HttpRequest) -> list[HomeItem]:
    if not is_editor(request.user):
        return []
    waiting = (
        Activity.objects.awaiting_editor().count()
        + Measure.objects.awaiting_editor().count()
        + Suggestion.objects.filter(status="proposed").count()
    )
    if not waiting:
        return []
    return [
        HomeItem(
            f"{waiting} induction proposals wait for an editor",
            reverse("induction:moderation"),
            urgent=True,
        )
    ]


def induction_section(request: HttpRequest) -> HomeSection | None:
    user = request.user
    if not user.is_authenticated:
        return None
    editor_items = _editor_items(request)
    if selectors.latest_assessment(user) is None:
        start = HomeItem(
            "Start here: take the 5-minute self-assessment to get your induction plan",
            reverse("induction:assessment"),
            hint="Twelve questions about you and your organisation",
            urgent=True,
        )
        return HomeSection(
            title="Your induction plan",
            items=(start, *editor_items),
            more_href=reverse("induction:index"),
            more_text="See the induction offer",
            order=10,
            # Only a lead's first screen starts with the self-assessment: for the other roles
            # it is there in the card below, behind their own work.
            queue=(QueueLine("Start here", "take the 5-minute self-assessment", start.href),)
            if Membership.objects.leads().filter(user=user).exists()
            else (),
        )
    items = selectors.plan_of(user)
    today = timezone.localdate()
    steps = [
        HomeItem(
            i.title,
            i.href or reverse("induction:plan"),
            hint=_due(i.due_on, today),
            urgent=bool(i.due_on and i.due_on < today),
        )
        for i in items
        if not i.is_done
    ][:NEXT_STEPS]
    late = [(i.due_on, i) for i in items if not i.is_done and i.due_on and i.due_on < today]
    queue: tuple[QueueLine, ...] = ()
    if late:
        due_on, oldest = min(late, key=lambda pair: pair[0])
        days = (today - due_on).days
        queue = (
            QueueLine(
                "Plan steps overdue",
                f"{len(late)}, the oldest {days} day{'s' if days != 1 else ''} overdue: "
                f"{oldest.title}",
                oldest.href or reverse("induction:plan"),
                flag="Overdue",
            ),
        )
    progress = selectors.progress(items)
    return HomeSection(
        title="Next steps in my plan",
        items=(*steps, *editor_items),
        empty_text="Everything in your plan is done. Retake the self-assessment for more.",
        more_href=reverse("induction:plan"),
        more_text=f"My plan ({progress.done} of {progress.total} done)",
        order=10,
        queue=queue,
    )


def _due(due_on: datetime.date | None, today: datetime.date) -> str:
    if due_on is None:
        return ""
    if due_on < today:
        days = (today - due_on).days
        return f"Due {due_on:%-d %B}: {days} day{'s' if days != 1 else ''} overdue"
    return f"Due {due_on:%-d %B}"
