"""Reads for board papers: the figures of a paper's sections, as plain data that can be frozen.

A draft's figures are gathered afresh each time it is shown; publishing stores the same data in
the published version (`BoardPaperVersion.snapshot`, and `public_snapshot` built as an anonymous
reader sees the results: only published, disclosure-controlled figures), so a published paper no
longer changes when the data do.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone

from equityhub.indicators.board.models import BoardPaper, BoardPaperVersion, StatementNarrative
from equityhub.indicators.board.paper import shown_figure
from equityhub.indicators.board.questions import questions_for
from equityhub.indicators.board.scrutiny import FindingKind, kinds_of
from equityhub.indicators.dashboard import findings
from equityhub.indicators.dashboard.adoption_words import owner_words, target_words
from equityhub.indicators.dashboard.ethnicity_gap import furthest_group
from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.dashboard.peers import peers
from equityhub.indicators.dashboard.selectors import (
    Tile,
    dashboard_tiles,
    evidence,
    has_synthetic_data,
    spc_words,
)
from equityhub.indicators.judgements.services import current_judgements
from equityhub.indicators.registry.models import Indicator, IndicatorType
from equityhub.indicators.results.models import AreaLevel, Result, ResultKind, Signal
from equityhub.people.models import Organisation

PAPERS_PER_PAGE = 20


def paper_choices(organisation: Organisation) -> list[Indicator]:
    """What a paper may report on: the adopted indicators and the qualitative ones."""
    adopted = Adoption.objects.filter(organisation=organisation).values("indicator_id")
    usable = Indicator.objects.usable_by(organisation)
    return list(usable.filter(pk__in=adopted) | usable.filter(type=IndicatorType.QUALITATIVE))


def papers_page(organisation: Organisation, number: Any) -> Page[BoardPaper]:
    papers = BoardPaper.objects.filter(organisation=organisation).select_related("created_by")
    return Paginator(papers, PAPERS_PER_PAGE).get_page(number)


def latest_version(paper: BoardPaper) -> BoardPaperVersion:
    version = paper.versions.select_related("saved_by").order_by("-number").first()
    assert version is not None, "every paper is created with its first version"
    return version


def _row(result: Result) -> dict[str, Any]:
    hidden = result.suppressed or result.value is None
    return {
        "period": result.period,
        "period_number": result.period_number,
        "value": None if hidden else result.value,
        "lower": None if hidden else result.lower_95,
        "upper": None if hidden else result.upper_95,
        "suppressed": bool(result.suppressed),
    }


def _kind(indicator: Indicator) -> str:
    if indicator.type == IndicatorType.QUALITATIVE:
        return "Qualitative indicator"
    return "Performance metric" if indicator.is_performance else "Inequality indicator"


def _gap_summary(indicator: Indicator, gap: findings.Figure | None) -> str:
    if gap is None or not findings.shown(gap):
        return shown_figure(gap)
    return f"{gap.period}: {findings.gap_words(indicator, gap, gap.breakdown)}"


def _adoption(organisation: Organisation, indicator: Indicator) -> Adoption | None:
    return Adoption.objects.filter(organisation=organisation, indicator=indicator).first()


def _comparison(
    organisation: Organisation, indicator: Indicator, user: Any, latest: Result | None, unit: str
) -> list[dict[str, str]]:
    """The latest period's value here, at peers, in the system, region and England."""
    if latest is None:
        return []
    return [
        {
            "label": p.label,
            "level": "This organisation" if p.is_self else p.level,
            "value": shown_figure(p.result, unit),
            "limits": _limits(p.result),
        }
        for p in peers(organisation, indicator, user, latest.period)
    ]


def _limits(result: Result) -> str:
    if result.suppressed or result.lower_95 is None or result.upper_95 is None:
        return "–"
    return f"{result.lower_95:.1f} to {result.upper_95:.1f}"


def _section(
    organisation: Organisation, indicator: Indicator, tile: Tile | None, user: Any, public: bool
) -> dict[str, Any]:
    results = Result.objects.visible_to(user).filter(organisation=organisation, indicator=indicator)
    signals = {
        s.measure: s
        for s in Signal.objects.filter(organisation=organisation, indicator=indicator)
        if s.published or not public
    }
    value_signal = signals.get("value")
    everything = list(results)
    overall = sorted(
        (r for r in everything if r.breakdown == "overall" and r.kind == "category"),
        key=lambda r: r.period_number,
    )
    breakdown, gaps = findings.pick_series(r for r in everything if r.kind == ResultKind.GAP)
    sii = sorted(
        (r for r in everything if r.kind == ResultKind.SII and r.breakdown == breakdown),
        key=lambda r: r.period_number,
    )
    latest = overall[-1] if overall else None
    last_gap = max(gaps, key=lambda g: g.period_number, default=None)
    variation = spc_words(value_signal.variation if value_signal else "")
    units = findings.units(indicator)
    found, headline = [], ""
    if indicator.type != IndicatorType.QUALITATIVE:
        drawn_from = evidence(everything, list(signals.values()))
        found = findings.findings(indicator, drawn_from)
        headline = findings.headline(indicator, drawn_from)
    judgements = [
        {
            "period": j.period,
            "rating": j.rating,
            "rating_label": j.get_rating_display(),
            "evidence": j.evidence,
        }
        for j in current_judgements(organisation, indicator)
    ]
    if not headline:
        last = judgements[-1] if judgements else None
        headline = f"{last['period']}: {last['rating_label']}." if last else "No judgement yet."
    adoption = tile.adoption if tile else _adoption(organisation, indicator)
    kinds = kinds_of(tile) if tile and not tile.is_qualitative else (FindingKind.EVERY,)
    ethnic = furthest_group(indicator, everything)
    return {
        "code": indicator.code,
        "name": indicator.name,
        "kind": _kind(indicator),
        "unit": units.value,
        "difference_unit": units.difference,
        "owner": owner_words(adoption, public=public),
        "target": target_words(adoption),
        "headline": headline,
        "findings": found,
        "comparison": _comparison(organisation, indicator, user, latest, units.value),
        "ethnicity": ethnic.sentence(indicator) if ethnic else "",
        "questions": [q.as_dict() for q in questions_for(kinds, indicator)],
        "summary": {
            "latest": shown_figure(latest, units.value),
            "gap": _gap_summary(indicator, last_gap),
            "variation": variation,
            "status": tile.status.status if tile else "–",
        },
        "rows": [_row(r) for r in overall],
        "sii": [_row(r) for r in sii],
        "spc": value_signal.spc if value_signal and value_signal.spc else None,
        "judgements": judgements,
    }


def paper_figures(
    organisation: Organisation, codes: list[str], user: Any, *, public: bool = False
) -> dict[str, Any]:
    """The figures of every chosen indicator, as JSON-ready data (see the module's notes)."""
    reader = AnonymousUser() if public else user
    tiles = {t.indicator.code: t for t in dashboard_tiles(organisation, reader)}
    indicators = {i.code: i for i in paper_choices(organisation) if i.code in codes}
    sections = [
        _section(organisation, indicators[code], tiles.get(code), reader, public)
        for code in codes
        if code in indicators
    ]
    return {
        "generated_at": timezone.now().isoformat(),
        "synthetic": has_synthetic_data(organisation),
        "sections": sections,
    }


def adopted_figures(organisation: Organisation, user: Any) -> dict[str, Any]:
    """The quick paper: every adopted indicator, as the dashboard lists them."""
    codes = [t.indicator.code for t in dashboard_tiles(organisation, user)]
    return paper_figures(organisation, codes, user)


def version_figures(
    version: BoardPaperVersion, user: Any, *, public: bool = False
) -> dict[str, Any]:
    """A published paper's frozen figures (whichever version is shown); a draft's gathered now."""
    paper = version.paper
    frozen = paper.versions.exclude(snapshot__isnull=True).order_by("-number").first()
    if frozen is not None:
        return dict((frozen.public_snapshot if public else frozen.snapshot) or {"sections": []})
    return paper_figures(paper.organisation, list(paper.indicator_codes), user, public=public)


def statement_versions(organisation: Organisation, year: str) -> list[StatementNarrative]:
    return list(
        StatementNarrative.objects.filter(organisation=organisation, year=year)
        .select_related("saved_by")
        .order_by("-number")
    )


PUBLIC_PAPERS_LISTED = 10


def public_papers(
    *, organisation: Organisation | None = None, level: str = "", area: str = ""
) -> list[BoardPaper]:
    """The newest papers opened to the public: one organisation's, or those of the organisations
    in a system or region, or in England. Anyone may read them, so nobody's view is narrower."""
    papers = BoardPaper.objects.public().select_related("organisation")
    if organisation is not None:
        papers = papers.filter(organisation=organisation)
    elif level == AreaLevel.SYSTEM:
        papers = papers.filter(organisation__system__code=area)
    elif level == AreaLevel.REGION:
        papers = papers.filter(
            Q(organisation__region__code=area) | Q(organisation__system__region__code=area)
        )
    elif level != AreaLevel.ENGLAND:
        raise ValueError(f"Not an area level: {level!r}")
    return list(papers[:PUBLIC_PAPERS_LISTED])
