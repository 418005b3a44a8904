"""Indicator endpoints of the JSON API: the registry and published results, read-only.

Analysts' pipelines upload returns with an API key under `/pipeline/` (see `returns.api`).
Only results from returns marked for publication are served, and only as stored: after
small-number suppression, so a suppressed cell has no count, value or limits here either.
"""

from __future__ import annotations

import csv

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from equityhub.core.spreadsheet import safe_row
from equityhub.indicators.pipeline.api import router as pipeline_router
from equityhub.indicators.pipeline.schemas import (
    PageQuery,
    ResultOut,
    ResultsPage,
    filter_results,
    result_out,
    results_page,
)
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import Result

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
    return list(Indicator.objects.national())


class ResultFilters(Schema):
    organisation: str = Field("", description="Organisation, system, region or England code.")
    indicator: str = Field("", description="Indicator code.")
    period: str = Field("", description="Period, e.g. 2024-25.")
    level: str = Field("", description="organisation, system, region or england.")
    breakdown: str = Field("", description="e.g. overall, deprivation_decile, ethnicity.")
    measure: str = Field("", description="category, gap, ratio, sii, rii, d, bgv, unknown_share.")


class ResultPageQuery(ResultFilters, PageQuery):
    pass


def _published(filters: ResultFilters) -> QuerySet[Result]:
    results = Result.objects.published().select_related("organisation", "indicator")
    if filters.organisation:
        code = filters.organisation
        results = results.filter(Q(organisation__code=code) | Q(area_code=code))
    return filter_results(
        results,
        filters.indicator,
        filters.period,
        level=filters.level,
        breakdown=filters.breakdown,
        measure=filters.measure,
    ).order_by("indicator__code", "area_level", "area_code", "organisation__code", "pk")


@router.get("/results", response=ResultsPage)
def list_results(request: HttpRequest, filters: Query[ResultPageQuery]) -> ResultsPage:
    """Published results (suppressed cells blank), a page at a time, with how many match.

    Follow `next` until it is null to read every result. Systems, regions and England
    (E92000001) are served too: give their code as `organisation`; `level` says which an entry
    is. `/api/indicators/results.csv` gives the same rows as CSV.
    """
    return results_page(
        request, _published(filters), filters.page, filters.page_size, detailed_reasons=False
    )


@router.get(
    "/results.csv",
    # The body is CSV: declared here, as django-ninja would declare a JSON string for `str`.
    openapi_extra={
        "responses": {
            200: {
                "description": "CSV, UTF-8, one header row",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def list_results_csv(request: HttpRequest, filters: Query[ResultFilters]) -> HttpResponse:
    """Every published result matching the filters, as CSV (UTF-8, one header row)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="equityhub-results.csv"'
    writer = csv.writer(response)
    writer.writerow(ResultOut.model_fields)
    for result in _published(filters).iterator(chunk_size=2000):
        row = result_out(result, detailed_reasons=False).model_dump()
        writer.writerow(safe_row(row.values()))
    return response
