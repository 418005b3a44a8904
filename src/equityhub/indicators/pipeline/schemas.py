"""Shapes shared by the open-data and pipeline endpoints of the indicators API."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Schema

from equityhub.core.site import site_url
from equityhub.indicators.results.models import Result


class ResultOut(Schema):
    organisation: str
    level: str
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
    suppression_reason: str
    band: str = Field(
        "",
        description="A board's composition with its count withheld: the band its share falls "
        "in (under 25%, 25% to under 50%, 50% or more); empty otherwise.",
    )


class ResultsPage(Schema):
    """One page of results: how many match in all, and the addresses of the pages around it."""

    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[ResultOut]


MAX_PAGE_SIZE = 5000


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(1000, ge=1, le=MAX_PAGE_SIZE, description="Results per page.")


def results_page(
    request: HttpRequest, results: Any, page: int, page_size: int, *, detailed_reasons: bool
) -> ResultsPage:
    """One page of ``results`` with the count and the addresses of the next and previous pages."""
    paginator = Paginator(results, page_size)
    current = paginator.get_page(page)

    def address(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return site_url() + f"{request.path}?{query.urlencode()}"

    return ResultsPage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        next=address(current.next_page_number()) if current.has_next() else None,
        previous=address(current.previous_page_number()) if current.has_previous() else None,
        results=[result_out(r, detailed_reasons=detailed_reasons) for r in current.object_list],
    )


PUBLIC_REASON = "suppressed to protect small numbers"


def result_out(r: Result, *, detailed_reasons: bool = True) -> ResultOut:
    """A stored result as served: suppressed cells were blanked before they were stored.

    Open data says only that a cell is suppressed, never why: "count below 10" would tell a
    reader which hidden cells are small, and narrow them.
    """
    reason = r.suppression_reason if detailed_reasons or not r.suppressed else PUBLIC_REASON
    return ResultOut(
        organisation=r.organisation.code if r.organisation else r.area_code,
        level=r.area_level,
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
        suppression_reason=reason,
        band=r.band,
    )


def filter_results(
    results: Any,
    indicator: str,
    period: str,
    *,
    level: str = "",
    breakdown: str = "",
    measure: str = "",
) -> Any:
    """Results narrowed by whichever filters are given (an empty filter matches everything)."""
    chosen = {
        "indicator__code": indicator,
        "period": period,
        "area_level": level,
        "breakdown": breakdown,
        "kind": measure,
    }
    return results.filter(**{field: value for field, value in chosen.items() if value})
