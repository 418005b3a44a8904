"""Indicator endpoints of the JSON API: the registry and published results, read-only.

Analysts' pipelines upload returns with an API key under `/pipeline/` (see `api_pipeline`).
Only results from returns marked for publication are served, and only as stored: after
small-number suppression, so a suppressed cell has no count, value or limits here either.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Schema

from equityhub.indicators.api_pipeline import router as pipeline_router
from equityhub.indicators.api_schemas import ResultOut, filter_results, result_out
from equityhub.indicators.models import Indicator, Result

router = Router(tags=["indicators"])
router.add_router("/pipeline/", pipeline_router)


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


@router.get("/", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> list[Indicator]:
    """National indicators with their definitions and sources."""
    return list(Indicator.objects.national())  # type: ignore[attr-defined]


@router.get("/results", response=list[ResultOut])
def list_results(
    request: HttpRequest, organisation: str = "", indicator: str = "", period: str = ""
) -> list[ResultOut]:
    """Published results (suppressed cells blank), filtered by organisation, indicator, period.

    Systems, regions and England (E92000001) are served too: give their code as `organisation`;
    `level` says which an entry is.
    """
    results = Result.objects.published().select_related("organisation", "indicator")  # type: ignore[attr-defined]
    if organisation:
        results = results.filter(Q(organisation__code=organisation) | Q(area_code=organisation))
    results = filter_results(results, indicator, period)
    return [result_out(r) for r in results[:5000]]
