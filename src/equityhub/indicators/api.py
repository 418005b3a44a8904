"""Indicator endpoints of the JSON API: the registry and published results, read-only.

Only results from returns marked for publication are served, and only as stored: after
small-number suppression, so a suppressed cell has no count, value or limits here either.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from equityhub.indicators.models import Indicator, Result

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    type: str
    unit: str
    polarity: str
    breakdowns: list[str]
    frameworks: list[str]
    is_performance: bool
    source: str


class ResultOut(Schema):
    organisation: str
    indicator: str
    period: str
    breakdown: str
    category: str
    measure: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_99_8: float | None
    upper_99_8: float | None
    method: str
    suppressed: bool


@router.get("/", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> list[Indicator]:
    """National indicators with their definitions and sources."""
    return list(Indicator.objects.national())  # type: ignore[attr-defined]


@router.get("/results", response=list[ResultOut])
def list_results(
    request: HttpRequest, organisation: str = "", indicator: str = "", period: str = ""
) -> list[ResultOut]:
    """Published results (suppressed cells blank), filtered by organisation, indicator, period."""
    results = Result.objects.published().select_related("organisation", "indicator")  # type: ignore[attr-defined]
    if organisation:
        results = results.filter(organisation__code=organisation)
    if indicator:
        results = results.filter(indicator__code=indicator)
    if period:
        results = results.filter(period=period)
    return [
        ResultOut(
            organisation=r.organisation.code,
            indicator=r.indicator.code,
            period=r.period,
            breakdown=r.breakdown,
            category=r.category,
            measure=r.kind,
            numerator=r.numerator,
            denominator=r.denominator,
            value=r.value,
            lower_95=r.lower_95,
            upper_95=r.upper_95,
            lower_99_8=r.lower_998,
            upper_99_8=r.upper_998,
            method=r.method,
            suppressed=r.suppressed,
        )
        for r in results[:5000]
    ]
