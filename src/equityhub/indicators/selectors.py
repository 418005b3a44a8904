"""Reads across relations: the dashboard's tiles, an indicator page, the CSV download."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from equityhub.indicators import charts
from equityhub.indicators.categories import category_label, category_sort_key
from equityhub.indicators.models import Adoption, Indicator, Result, Signal
from equityhub.indicators.querysets import team_organisation_ids
from equityhub.indicators.targets import TargetStatus, target_status
from equityhub.people.models import Organisation

SPC_WORDS = {
    "common cause": "No significant change",
    "special cause improvement": "Improving (special cause)",
    "special cause concern": "Concerning (special cause)",
    "special cause neither high": "Unusually high (special cause)",
    "special cause neither low": "Unusually low (special cause)",
}


def has_synthetic_data(organisation: Organisation) -> bool:
    """Demo data are labelled synthetic wherever they are shown."""
    from equityhub.indicators.models import DataReturn

    return DataReturn.objects.filter(
        organisation=organisation, is_synthetic=True, status="committed"
    ).exists()


def team_organisations(user: Any) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(Organisation.objects.filter(pk__in=team_organisation_ids(user)))


def spc_words(variation: str) -> str:
    return SPC_WORDS.get(variation, "Too few periods for a control chart")


@dataclass
class Tile:
    adoption: Adoption
    indicator: Indicator
    latest: Result | None
    gap: Result | None
    sii: Result | None
    spc: str
    trend: str
    status: TargetStatus


def _latest(results: list[Result], **match: Any) -> Result | None:
    found = [r for r in results if all(getattr(r, k) == v for k, v in match.items())]
    return max(found, key=lambda r: r.period_number, default=None)


def _status(adoption: Adoption, results: list[Result], signals: dict[str, Signal]) -> TargetStatus:
    measure = adoption.target_measure
    if measure == "value":
        latest = _latest(results, breakdown="overall", kind="category", suppressed=False)
    else:
        latest = _latest(results, breakdown="deprivation_decile", kind=measure, suppressed=False)
        latest = latest or _latest(
            results, breakdown="deprivation_quintile", kind=measure, suppressed=False
        )
    signal = signals.get("value" if measure == "value" else "sii")
    interval = None
    if signal and signal.trend_lower is not None and signal.trend_upper is not None:
        interval = (signal.trend_lower, signal.trend_upper)
    return target_status(
        target=adoption.target_value,
        target_date=adoption.target_date,
        latest=latest.value if latest else None,
        latest_time=latest.period_number if latest else None,
        slope_interval=interval if measure in ("value", "sii") else None,
        improvement=adoption.indicator.improvement,
        today=timezone.localdate(),
        towards_zero=measure != "value",
    )


def dashboard_tiles(organisation: Organisation, user: Any) -> list[Tile]:
    """Every adopted indicator, inequality and performance alike, in one list."""
    adoptions = list(Adoption.objects.of(organisation))  # type: ignore[attr-defined]
    # only what tiles show: the overall value, and the deprivation gap and SII
    results = (
        Result.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(organisation=organisation, indicator__in=[a.indicator for a in adoptions])
        .filter(Q(kind="category", breakdown="overall") | Q(kind__in=("gap", "sii")))
        .defer("method", "suppression_reason", "computed_at")
    )
    by_indicator: dict[int, list[Result]] = {}
    for result in results:
        by_indicator.setdefault(result.indicator_id, []).append(result)
    signals: dict[int, dict[str, Signal]] = {}
    sees_all = user.is_superuser or organisation in team_organisations(user)
    for signal in Signal.objects.filter(organisation=organisation).defer("spc"):
        if signal.published or sees_all:
            signals.setdefault(signal.indicator_id, {})[signal.measure] = signal
    tiles = []
    for adoption in adoptions:
        mine = by_indicator.get(adoption.indicator_id, [])
        own = signals.get(adoption.indicator_id, {})
        value_signal, sii_signal = own.get("value"), own.get("sii")
        tiles.append(
            Tile(
                adoption=adoption,
                indicator=adoption.indicator,
                latest=_latest(mine, breakdown="overall", kind="category"),
                gap=_latest(mine, kind="gap", breakdown="deprivation_decile")
                or _latest(mine, kind="gap", breakdown="deprivation_quintile"),
                sii=_latest(mine, kind="sii", breakdown="deprivation_decile")
                or _latest(mine, kind="sii", breakdown="deprivation_quintile"),
                spc=spc_words(value_signal.variation if value_signal else ""),
                trend=sii_signal.trend_verdict if sii_signal else "",
                status=_status(adoption, mine, own),
            )
        )
    return tiles


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
    visible = Result.objects.visible_to(user).filter(indicator=indicator)  # type: ignore[attr-defined]
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
    for result in sorted(results, key=lambda r: category_sort_key(r.breakdown, r.category)):
        if result.period != chosen or result.kind != "category":
            continue
        view = breakdowns.setdefault(
            result.breakdown, BreakdownView(result.breakdown, result.get_breakdown_display())
        )
        view.rows.append(
            {"label": category_label(result.breakdown, result.category), "result": result}
        )
    measures = [r for r in results if r.kind != "category"]
    measures.sort(key=lambda r: (r.breakdown, r.kind, r.period_number))
    signals = (
        [
            s
            for s in Signal.objects.filter(organisation=organisation, indicator=indicator)
            if s.published or user.is_superuser or organisation in team_organisations(user)
        ]
        if organisation is not None
        else []
    )
    methods = sorted({r.method for r in results if r.method})
    deprivation = [m for m in measures if m.breakdown == "deprivation_decile"] or [
        m for m in measures if m.breakdown == "deprivation_quintile"
    ]
    return {
        "sii_chart": charts.data_uri(
            charts.sii_spec(deprivation, f"{indicator.name}: slope index of inequality")
        ),
        "spc_charts": {
            s.pk: charts.data_uri(
                charts.spc_spec(s, f"{indicator.name}: control chart", indicator.unit)
            )
            for s in signals
        },
        "periods": periods,
        "period": chosen,
        "breakdowns": list(breakdowns.values()),
        "measures": measures,
        "signals": signals,
        "methods": methods,
        "has_results": bool(results),
    }


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
    visible = Result.objects.visible_to(user).filter(indicator=indicator)  # type: ignore[attr-defined]
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
