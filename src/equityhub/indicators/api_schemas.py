"""Shapes shared by the open-data and pipeline endpoints of the indicators API."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from equityhub.indicators.models import Result


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


def result_out(r: Result) -> ResultOut:
    """A stored result as served: suppressed cells were blanked before they were stored."""
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
        suppression_reason=r.suppression_reason,
    )


def filter_results(results: Any, indicator: str, period: str) -> Any:
    if indicator:
        results = results.filter(indicator__code=indicator)
    if period:
        results = results.filter(period=period)
    return results
