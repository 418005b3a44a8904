"""Reads of the question bank: the questions to ask of an indicator, given the kinds of finding
that apply to it (see `board.scrutiny`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from equityhub.indicators.board.models import BoardQuestion, FindingKind
from equityhub.indicators.registry.models import Indicator, IndicatorType
from equityhub.people.models import Organisation

MOST_PER_INDICATOR = 4


@dataclass(frozen=True)
class Question:
    """A question as pages and papers print it (plain data, so a published paper can keep it)."""

    kind: str
    kind_label: str
    text: str
    why: str
    source: str
    source_url: str

    def as_dict(self) -> dict[str, str]:
        return dict(vars(self))


def _question(row: BoardQuestion) -> Question:
    return Question(
        kind=row.kind,
        kind_label=str(FindingKind(row.kind).label),
        text=row.text,
        why=row.why,
        source=row.source,
        source_url=row.source_url,
    )


def questions_for(
    kinds: Iterable[str], indicator: Indicator | None = None, *, most: int = MOST_PER_INDICATOR
) -> list[Question]:
    """Active questions for these kinds (in the order the kinds are given), general ones and
    those written for this indicator, at most `most` (the first of each kind before a second)."""
    wanted = list(dict.fromkeys(kinds))
    scope = Q(indicator__isnull=True)
    if indicator is not None:
        scope |= Q(indicator=indicator)
    rows = BoardQuestion.objects.filter(scope, active=True, kind__in=wanted).order_by(
        "position", "pk"
    )
    by_kind: dict[str, list[BoardQuestion]] = {kind: [] for kind in wanted}
    for row in rows:
        by_kind[row.kind].append(row)
    picked: list[BoardQuestion] = []
    depth = 0
    while len(picked) < most and any(len(found) > depth for found in by_kind.values()):
        picked += [found[depth] for found in by_kind.values() if len(found) > depth]
        depth += 1
    return [_question(row) for row in picked[:most]]


def first_question(kinds: Iterable[str], indicator: Indicator | None = None) -> Question | None:
    found = questions_for(kinds, indicator, most=1)
    return found[0] if found else None


def question_kinds(organisation: Organisation, indicator: Indicator, user: Any) -> tuple[str, ...]:
    """The kinds of question for an organisation's indicator: by the kinds of finding its tile
    shows, those for every indicator when it is not adopted, none for a qualitative one."""
    if indicator.type == IndicatorType.QUALITATIVE:
        return ()
    from equityhub.indicators.board.scrutiny import kinds_of
    from equityhub.indicators.dashboard.selectors import dashboard_tiles

    tile = next(
        (t for t in dashboard_tiles(organisation, user) if t.indicator.pk == indicator.pk), None
    )
    return tuple(kinds_of(tile)) if tile is not None else (FindingKind.EVERY,)
