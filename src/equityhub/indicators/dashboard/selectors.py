"""Reads across relations: the dashboard's tiles, an indicator page, the CSV download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from equityhub.indicators.dashboard import charts, findings, tiles
from equityhub.indicators.dashboard.tiles import (
    Tile as Tile,  # tiles and their words live in `tiles`
)
from equityhub.indicators.dashboard.tiles import spc_words as spc_words
from equityhub.indicators.querysets import reader_organisations
from equityhub.indicators.registry.categories import category_label, category_sort_key
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import Result, ResultKind, Signal
from equityhub.people.models import Organisation


def has_synthetic_data(organisation: Organisation) -> bool:
    """Demo data are labelled synthetic wherever they are shown."""
    from equityhub.indicators.returns.models import DataReturn

    return DataReturn.objects.filter(
        organisation=organisation, is_synthetic=True, status="committed"
    ).exists()


def results_not_adopted(organisation: Organisation) -> list[Indicator]:
    """Indicators with the organisation's own results that it has not adopted: a committed
    return shows on the dashboard at once, with the way to adopt it."""
    return list(
        Indicator.objects.filter(results__organisation=organisation)
        .exclude(adoptions__organisation=organisation)
        .distinct()
        .order_by("name")
    )


def dashboard_tiles(
    organisation: Organisation, user: Any, *, sees_all: bool | None = None, key: str | None = None
) -> list[Tile]:
    """Every adopted indicator, inequality and performance alike, in one list (cached).

    The team, the board and administrators see unpublished figures and judgements; others only
    published figures. Give `sees_all` when the caller already knows it, to save a query, and `key`
    (`dashboard_tiles_key`) when it has it.
    """
    if sees_all is None:
        sees_all = user.is_superuser or organisation in reader_organisations(user)
    return tiles.organisation_tiles(organisation, sees_all=sees_all, key=key)


def dashboard_tiles_key(organisation: Organisation, *, sees_all: bool) -> str:
    """The cache key of the tiles' inputs ('' when nothing is adopted), for cached markup."""
    return tiles.tiles_key(organisation, sees_all=sees_all)


@dataclass
class BreakdownView:
    breakdown: str
    label: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def indicator_results(
    organisation: Organisation | None,
    indicator: Indicator,
    user: Any,
    period: str | None = None,
    *,
    area: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """What an indicator page shows: the periods, one period's categories, measures over time.

    For a system, region or England give `area` (level, code) and no organisation.
    """
    visible = Result.objects.visible_to(user).filter(indicator=indicator)
    if area is None:
        results = list(visible.filter(organisation=organisation))
    else:
        results = list(visible.filter(area_level=area[0], area_code=area[1]))
    periods = sorted(
        {r.period for r in results},
        key=lambda p: next(r.period_number for r in results if r.period == p),
    )
    chosen = period if period in periods else (periods[-1] if periods else None)
    breakdowns: dict[str, BreakdownView] = {}
    shown = [r for r in results if r.period == chosen and r.kind == ResultKind.CATEGORY]
    for result in sorted(shown, key=lambda r: category_sort_key(r.breakdown, r.category)):
        view = breakdowns.setdefault(
            result.breakdown, BreakdownView(result.breakdown, result.get_breakdown_display())
        )
        view.rows.append(
            {"label": category_label(result.breakdown, result.category), "result": result}
        )
    measures = [r for r in results if r.kind != ResultKind.CATEGORY]
    measures.sort(key=lambda r: (r.breakdown, r.kind, r.period_number))
    signals = _signals(organisation, area, indicator, user)
    charted = [s for s in signals if s.spc]
    deprivation = [m for m in measures if m.breakdown == "deprivation_decile"] or [
        m for m in measures if m.breakdown == "deprivation_quintile"
    ]
    units = findings.units(indicator)
    title = f"{indicator.name}: slope index of inequality"
    return {
        "sii_chart": charts.data_uri(charts.sii_spec(deprivation, title, units.difference)),
        "spc_charts": {
            s.pk: charts.data_uri(
                charts.spc_spec(s, f"{indicator.name}: control chart", indicator.unit)
            )
            for s in charted
        },
        "periods": periods,
        "period": chosen,
        "breakdowns": list(breakdowns.values()),
        "measures": measures,
        "signals": charted,
        "findings": findings.findings(indicator, evidence(results, signals)),
        "units": units,
        "methods": sorted({r.method for r in results if r.method}),
        "has_results": bool(results),
    }


def _signals(
    organisation: Organisation | None, area: tuple[str, str] | None, indicator: Indicator, user: Any
) -> list[Signal]:
    """The organisation's or area's signals the person may see, the overall value first."""
    if area is not None:
        return area_signals(*area, indicator, user)
    stored = list(Signal.objects.filter(organisation=organisation, indicator=indicator))
    # Whether the person is in the team is asked only when something is unpublished.
    hidden = not all(s.published for s in stored)
    if hidden and not (user.is_superuser or organisation in reader_organisations(user)):
        stored = [s for s in stored if s.published]
    return sorted(stored, key=lambda s: s.measure != "value")


def area_signals(level: str, code: str, indicator: Indicator, user: Any) -> list[Signal]:
    """The area's SPC and trend signals the person may see (open ones for everyone, as with
    area results), the overall value first."""
    administrator = bool(user and user.is_authenticated and user.is_active and user.is_superuser)
    signals = [
        s
        for s in Signal.objects.filter(
            organisation__isnull=True, area_level=level, area_code=code, indicator=indicator
        ).order_by("measure")
        if s.published or administrator
    ]
    signals.sort(key=lambda s: s.measure != "value")
    return signals


def evidence(results: list[Result], signals: list[Signal]) -> findings.Evidence:
    """What an indicator's findings are drafted from, out of one organisation's or area's
    results (all periods) and signals."""
    overall = [r for r in results if r.kind == ResultKind.CATEGORY and r.breakdown == "overall"]
    by_measure = {s.measure: s for s in signals}
    value = by_measure.get("value")
    return findings.Evidence(
        latest=max(overall, key=lambda r: r.period_number, default=None),
        gaps=[r for r in results if r.kind == ResultKind.GAP],
        sii=by_measure.get("sii"),
        rii=by_measure.get("rii"),
        variation=spc_words(value.variation if value else ""),
        spc_points=findings.spc_points(value.spc if value else None),
    )


CSV_COLUMNS = [
    "organisation",
    "indicator",
    "period",
    "breakdown",
    "category",
    "measure",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_99_8",
    "upper_99_8",
    "method",
    "suppressed",
]


def csv_rows(
    organisation: Organisation | None,
    indicator: Indicator,
    user: Any,
    *,
    area: tuple[str, str] | None = None,
) -> list[list[Any]]:
    """Every visible result as CSV rows; suppressed cells stay blank (they are stored blank)."""
    rows = []
    visible = Result.objects.visible_to(user).filter(indicator=indicator)
    if area is None:
        visible = visible.filter(organisation=organisation)
    else:
        visible = visible.filter(area_level=area[0], area_code=area[1])
    for r in visible:
        rows.append(
            [
                organisation.code if organisation else r.area_code,
                indicator.code,
                r.period,
                r.breakdown,
                r.category,
                r.kind,
                r.numerator,
                r.denominator,
                r.value,
                r.lower_95,
                r.upper_95,
                r.lower_998,
                r.upper_998,
                r.method,
                "yes" if r.suppressed else "",
            ]
        )
    return [["" if v is None else v for v in row] for row in rows]
