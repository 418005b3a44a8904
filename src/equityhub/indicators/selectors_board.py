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
from django.utils import timezone

from equityhub.indicators import findings
from equityhub.indicators.boardpaper import shown_figure
from equityhub.indicators.models import (
    Adoption,
    BoardPaper,
    BoardPaperVersion,
    Indicator,
    IndicatorType,
    Result,
    Signal,
    StatementNarrative,
)
from equityhub.indicators.selectors import (
    Tile,
    dashboard_tiles,
    evidence,
    has_synthetic_data,
    spc_words,
)
from equityhub.indicators.services_judgements import current_judgements
from equityhub.people.models import Organisation

PAPERS_PER_PAGE = 20


def paper_choices(organisation: Organisation) -> list[Indicator]:
    """What a paper may report on: the adopted indicators and the qualitative ones."""
    adopted = Adoption.objects.filter(organisation=organisation).values("indicator_id")
    usable = Indicator.objects.usable_by(organisation)  # type: ignore[attr-defined]
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


def _section(
    organisation: Organisation, indicator: Indicator, tile: Tile | None, user: Any, public: bool
) -> dict[str, Any]:
    results = Result.objects.visible_to(user).filter(  # type: ignore[attr-defined]
        organisation=organisation, indicator=indicator
    )
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
    breakdown, gaps = findings.pick_series(r for r in everything if r.kind == "gap")
    sii = sorted(
        (r for r in everything if r.kind == "sii" and r.breakdown == breakdown),
        key=lambda r: r.period_number,
    )
    latest = overall[-1] if overall else None
    last_gap = max(gaps, key=lambda g: g.period_number, default=None)
    variation = spc_words(value_signal.variation if value_signal else "")
    units = findings.units(indicator)
    found = []
    if indicator.type != IndicatorType.QUALITATIVE:
        found = findings.findings(indicator, evidence(everything, list(signals.values())))
    judgements = [
        {
            "period": j.period,
            "rating": j.rating,
            "rating_label": j.get_rating_display(),
            "evidence": j.evidence,
        }
        for j in current_judgements(organisation, indicator)
    ]
    owner = tile.adoption.owner if tile and tile.adoption.owner and not public else None
    return {
        "code": indicator.code,
        "name": indicator.name,
        "kind": _kind(indicator),
        "unit": units.value,
        "difference_unit": units.difference,
        "owner": str(owner) if owner else "not named",
        "findings": found,
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
