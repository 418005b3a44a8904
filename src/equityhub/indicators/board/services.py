"""Writes for board papers and the statement narrative: every save is a new version, audited.

Who may write: the organisation's lead and team members (administrators read only). A published
paper is frozen: it takes no more drafts, and may be made public or private.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.board.models import (
    ActionProgress,
    BoardPaper,
    BoardPaperStatus,
    BoardPaperVersion,
    StatementNarrative,
)
from equityhub.indicators.board.selectors import latest_version, paper_choices, paper_figures
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of


def _require_team(actor: User, organisation: Organisation) -> None:
    if not is_team_member_of(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members edit its papers.")


def _clean_actions(actions: list[dict[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for number, action in enumerate(actions, start=1):
        text = str(action.get("text") or "").strip()
        if not text:
            raise ValidationError({"actions": f"Action {number}: say what the action is"})
        progress = str(action.get("progress") or ActionProgress.NOT_STARTED)
        if progress not in ActionProgress.values:
            raise ValidationError({"actions": f"Action {number}: choose its progress"})
        due = str(action.get("due") or "")
        if due:
            try:
                datetime.date.fromisoformat(due)
            except ValueError:
                raise ValidationError(
                    {"actions": f"Action {number}: the due date must be a real date"}
                ) from None
        cleaned.append(
            {"text": text, "owner": str(action.get("owner") or "").strip(), "due": due,
             "progress": progress}
        )  # fmt: skip
    return cleaned


@transaction.atomic
def paper_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    meeting_date: datetime.date | None,
    indicator_codes: list[str],
) -> BoardPaper:
    """A new draft paper with its first (empty) version; errors name the field."""
    _require_team(actor, organisation)
    allowed = {i.code for i in paper_choices(organisation)}
    errors = {}
    if not title.strip():
        errors["title"] = "Enter a title"
    if meeting_date is None:
        errors["meeting_date"] = "Enter the meeting date"
    if not indicator_codes:
        errors["indicators"] = "Choose at least one indicator"
    elif unknown := [c for c in indicator_codes if c not in allowed]:
        errors["indicators"] = f"Not an indicator this paper can report on: {', '.join(unknown)}"
    if errors:
        raise ValidationError(errors)
    assert meeting_date is not None
    paper = BoardPaper.objects.create(
        organisation=organisation,
        title=title.strip(),
        meeting_date=meeting_date,
        indicator_codes=list(dict.fromkeys(indicator_codes)),
        created_by=actor,
    )
    BoardPaperVersion.objects.create(paper=paper, number=1, saved_by=actor)
    audit_record(
        action="indicators.board_paper_created",
        actor=actor,
        target=paper,
        detail={"organisation": organisation.code, "indicators": paper.indicator_codes},
    )
    return paper


@transaction.atomic
def paper_save(
    *,
    actor: User,
    paper: BoardPaper,
    summary: str,
    narratives: dict[str, str],
    actions: list[dict[str, Any]],
    asks: str = "",
) -> BoardPaperVersion:
    """Save the asks, narrative and actions as the paper's next version."""
    paper = BoardPaper.objects.select_for_update().get(pk=paper.pk)
    _require_team(actor, paper.organisation)
    if paper.is_published:
        raise ValidationError("A published paper is frozen: start a new paper to change it.")
    cleaned = _clean_actions(actions)
    number = (paper.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = BoardPaperVersion.objects.create(
        paper=paper,
        number=number,
        summary=summary.strip(),
        asks="\n".join(line.strip() for line in asks.splitlines() if line.strip()),
        narratives={c: t.strip() for c, t in narratives.items() if c in paper.indicator_codes},
        actions=cleaned,
        saved_by=actor,
    )
    audit_record(
        action="indicators.board_paper_saved",
        actor=actor,
        target=paper,
        detail={"version": number, "actions": len(cleaned)},
    )
    return version


@transaction.atomic
def paper_publish(*, actor: User, paper: BoardPaper) -> BoardPaperVersion:
    """Freeze the latest version's figures and drafted sentences; the paper takes no more drafts."""
    paper = BoardPaper.objects.select_for_update().get(pk=paper.pk)
    _require_team(actor, paper.organisation)
    if paper.is_published:
        raise ValidationError("This paper is already published.")
    version = latest_version(paper)
    codes = list(paper.indicator_codes)
    version.snapshot = paper_figures(paper.organisation, codes, actor)
    version.public_snapshot = paper_figures(paper.organisation, codes, actor, public=True)
    version.save(update_fields=["snapshot", "public_snapshot"])
    paper.status = BoardPaperStatus.PUBLISHED
    paper.published_by = actor
    paper.published_at = timezone.now()
    paper.save(update_fields=["status", "published_by", "published_at"])
    audit_record(
        action="indicators.board_paper_published",
        actor=actor,
        target=paper,
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def paper_set_public(*, actor: User, paper: BoardPaper, public: bool) -> BoardPaper:
    """Open a published paper to anyone with its link, or close it again."""
    _require_team(actor, paper.organisation)
    if public and not paper.is_published:
        raise ValidationError("Publish the paper before making it public.")
    paper.is_public = public
    paper.save(update_fields=["is_public"])
    audit_record(
        action="indicators.board_paper_made_public"
        if public
        else "indicators.board_paper_made_private",
        actor=actor,
        target=paper,
        detail={"public": public},
    )
    return paper


@transaction.atomic
def statement_save(
    *,
    actor: User,
    organisation: Organisation,
    year: str,
    introduction: str,
    narratives: dict[str, str],
) -> StatementNarrative:
    """Save the statement's narrative for a reporting year as its next version."""
    _require_team(actor, organisation)
    top = StatementNarrative.objects.filter(organisation=organisation, year=year).aggregate(
        top=Max("number")
    )["top"]
    saved = StatementNarrative.objects.create(
        organisation=organisation,
        year=year,
        number=(top or 0) + 1,
        introduction=introduction.strip(),
        narratives={c: t.strip() for c, t in narratives.items() if t.strip()},
        saved_by=actor,
    )
    audit_record(
        action="indicators.statement_narrative_saved",
        actor=actor,
        target=saved,
        detail={"organisation": organisation.code, "year": year, "version": saved.number},
    )
    return saved
