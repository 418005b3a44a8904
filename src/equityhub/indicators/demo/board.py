"""The demo's board papers and question bank: a published public paper from the last meeting and
a draft for the next one at the demo trust, each with what the board is asked to do and actions
with owners and dates; and the question bank opened to the programme team in the content admin."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from equityhub.indicators.board import services as services_board
from equityhub.indicators.board.models import BoardPaper
from equityhub.indicators.board.questions_seed import load_questions
from equityhub.indicators.dashboard.models import Adoption
from equityhub.people.models import GlobalRole, Membership, Organisation

DEMO_TRUST = "RQX"
LAST_TITLE = "Health inequalities: report to the board, last quarter"
NEXT_TITLE = "Health inequalities: report to the board"
ASKS = (
    "Note the widening gaps in the headlines and the questions to ask under each indicator.\n"
    "Approve the actions below, with their owners and dates.\n"
    "Agree to receive the next report at the board meeting in three months."
)
SUMMARY = (
    "This report sets our inequality indicators beside the performance figures the board already "
    "watches. Each section gives the headline, how we compare with similar trusts, our region "
    "and England, and the ethnicity picture beside deprivation."
)


def question_editing_grant() -> None:
    """Facilitators and content editors (the programme team) keep the question bank."""
    codenames = [f"{action}_boardquestion" for action in ("add", "change", "delete", "view")]
    wanted = list(
        Permission.objects.filter(codename__in=codenames, content_type__app_label="indicators")
    ) + list(Permission.objects.filter(codename="access_admin"))
    for name in (GlobalRole.FACILITATOR, GlobalRole.CONTENT_EDITOR):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*wanted)


def _actions(lead_name: str, today: datetime.date) -> list[dict[str, str]]:
    return [
        {
            "text": "Add ethnicity and deprivation breakdowns to the waiting list report",
            "owner": lead_name,
            "due": (today + datetime.timedelta(days=60)).isoformat(),
            "progress": "on_track",
        },
        {
            "text": "Agree a target for the gap in missed outpatient appointments",
            "owner": "Chief operating officer",
            "due": (today + datetime.timedelta(days=90)).isoformat(),
            "progress": "not_started",
        },
    ]


def _paper(
    organisation: Organisation, title: str, meeting: datetime.date, codes: list[str]
) -> BoardPaper | None:
    if BoardPaper.objects.filter(organisation=organisation, title=title).exists():
        return None
    lead = Membership.objects.leads().filter(organisation=organisation).first()
    if lead is None:
        return None
    paper = services_board.paper_create(
        actor=lead.user,
        organisation=organisation,
        title=title,
        meeting_date=meeting,
        indicator_codes=codes,
    )
    services_board.paper_save(
        actor=lead.user,
        paper=paper,
        summary=SUMMARY,
        narratives={},
        actions=_actions(str(lead.user), timezone.localdate()),
        asks=ASKS,
    )
    return paper


def demo_board_load(password: str) -> list[tuple[str, str, str]]:
    """Load the demo papers at the demo trust (idempotent)."""
    load_questions()
    question_editing_grant()
    organisation = Organisation.objects.filter(code=DEMO_TRUST).first()
    if organisation is None:
        return []
    codes = list(
        Adoption.objects.filter(organisation=organisation)
        .order_by("indicator__name")
        .values_list("indicator__code", flat=True)[:4]
    )
    if not codes:
        return []
    today = timezone.localdate()
    last = _paper(organisation, LAST_TITLE, today - datetime.timedelta(days=70), codes)
    if last is not None:
        lead = last.created_by
        assert lead is not None
        services_board.paper_publish(actor=lead, paper=last)
        last.refresh_from_db()
        services_board.paper_set_public(actor=lead, paper=last, public=True)
    _paper(organisation, NEXT_TITLE, today + datetime.timedelta(days=21), codes)
    return []
