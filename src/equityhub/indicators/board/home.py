"""The chair's and non-executive director's work queue on the home page: the board paper to read
before the next meeting, the organisation's indicators at a glance, and the questions to ask."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.indicators.board.models import BoardPaper
from equityhub.indicators.board.questions import first_question
from equityhub.indicators.board.scrutiny import Scrutiny, scrutiny_of
from equityhub.indicators.dashboard import selectors
from equityhub.people.models import Membership, Organisation, Role


def board_organisations(user: Any) -> list[Organisation]:
    """Organisations where `user` is an approved board member."""
    held = Membership.objects.approved().filter(user=user, role=Role.BOARD)
    return list(Organisation.objects.filter(pk__in=held.values("organisation_id")))


def next_paper(organisation: Organisation) -> BoardPaper | None:
    """The paper for the next board meeting (today or later), draft or published."""
    coming = BoardPaper.objects.filter(
        organisation=organisation, meeting_date__gte=timezone.localdate()
    )
    return coming.order_by("meeting_date", "pk").first()


def _paper_line(organisation: Organisation) -> QueueLine:
    paper = next_paper(organisation)
    if paper is None:
        return QueueLine(
            "Board papers to read",
            "none for a coming meeting: read the paper drafted from the latest figures",
            reverse("indicators:board-paper", kwargs={"org": organisation.code}),
        )
    state = "published" if paper.is_published else "draft"
    return QueueLine(
        "Board papers to read",
        f"{paper.title} for the meeting on {paper.meeting_date:%-d %B} ({state})",
        reverse("indicators:board-paper-detail", kwargs={"org": organisation.code, "pk": paper.pk}),
        flag="To read",
    )


def _glance_line(organisation: Organisation, found: list[Scrutiny]) -> QueueLine:
    href = f"{reverse('indicators:index')}?organisation={organisation.code}"
    if not found:
        return QueueLine("Indicators at a glance", "none adopted yet", href)
    pressing = [s for s in found if s.pressing]
    total = f"{len(found)} indicator{'s' if len(found) != 1 else ''}"
    if not pressing:
        return QueueLine(
            "Indicators at a glance",
            f"{total}; none shows a widening gap, special-cause concern or a target off track",
            href,
        )
    first = pressing[0]
    reasons = ", ".join(str(k.label).lower() for k in first.pressing)
    return QueueLine(
        "Indicators at a glance",
        f"{total}; {len(pressing)} need{'s' if len(pressing) == 1 else ''} scrutiny. "
        f"{first.tile.indicator.name}: {reasons}",
        href,
        flag="Scrutinise",
    )


def _questions_line(organisation: Organisation, found: list[Scrutiny]) -> QueueLine:
    for scrutiny in found:
        question = first_question(scrutiny.kinds)
        if question is not None:
            href = reverse(
                "indicators:results",
                kwargs={"org": organisation.code, "code": scrutiny.tile.indicator.code},
            )
            return QueueLine(
                "Questions to ask",
                f"{scrutiny.tile.indicator.name}: {question.text}",
                f"{href}#questions",
            )
    return QueueLine("Questions to ask", "none yet: the question bank is empty")


def _items(organisation: Organisation, found: list[Scrutiny]) -> list[HomeItem]:
    items = []
    for scrutiny in found:
        href = reverse(
            "indicators:results",
            kwargs={"org": organisation.code, "code": scrutiny.tile.indicator.code},
        )
        reasons = "; ".join(str(k.label) for k in scrutiny.pressing)
        items.append(
            HomeItem(
                scrutiny.tile.indicator.name,
                href,
                hint=reasons or "Nothing pressing: no widening gap, concern or missed target",
                urgent=bool(scrutiny.pressing),
            )
        )
    return items


def board_section(request: HttpRequest) -> HomeSection | None:
    """Shown to board members: reading the paper and asking the questions is their work."""
    user = request.user
    if not user.is_authenticated:
        return None
    organisations = board_organisations(user)
    if not organisations:
        return None
    organisation = organisations[0]
    found = scrutiny_of(selectors.dashboard_tiles(organisation, user, sees_all=True))
    return HomeSection(
        title=f"Your board: {organisation.name}",
        items=tuple(_items(organisation, found)[:8]),
        empty_text="No indicators adopted yet. The health inequalities lead chooses them.",
        more_href=reverse("indicators:board-papers", kwargs={"org": organisation.code}),
        more_text="All board papers",
        order=5,
        queue=(
            _paper_line(organisation),
            _glance_line(organisation, found),
            _questions_line(organisation, found),
        ),
    )
