"""Pages for a system, region or England, built from the returns of the organisations below
them: the index of national indicators for the area, and each indicator's figures there."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from equityhub.core.pages import page
from equityhub.core.spreadsheet import safe_row
from equityhub.indicators.areas.selectors import (
    AREA_LEVELS,
    area_basis,
    area_name,
)
from equityhub.indicators.dashboard import selectors
from equityhub.indicators.dashboard.figures import drawn_figures
from equityhub.indicators.dashboard.targets import __doc__ as STATUS_RULE
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import AreaLevel


def _area_indicator(
    request: HttpRequest, level: str, area: str, code: str
) -> tuple[str, Indicator]:
    if level not in AREA_LEVELS:
        raise Http404
    name = area_name(level, area)
    indicator = get_object_or_404(Indicator.objects.national(), code=code)
    return name, indicator


@require_safe
def area_results(request: HttpRequest, level: str, area: str, code: str) -> HttpResponse:
    name, indicator = _area_indicator(request, level, area, code)
    found = selectors.indicator_results(
        None, indicator, request.user, period=request.GET.get("period"), area=(level, area)
    )
    basis = area_basis(level, area, found["breakdowns"])
    if basis is not None and basis.only is not None:
        # One organisation's figures under an area's name would mislead: send people to it.
        found |= {
            "breakdowns": [],
            "measures": [],
            "signals": [],
            "sii_chart": None,
            "findings": [],
        }
    csv_url = reverse(
        "indicators:area-results-csv", kwargs={"level": level, "area": area, "code": code}
    )
    context = found | {
        "basis": basis,
        "csv_url": csv_url,
        "indicator": indicator,
        "peers": [],
    }
    return page(
        request,
        "indicators/results.jinja",
        f"{indicator.name}: {name}",
        organisation=None,
        area_name=name,
        indicator=indicator,
        status_rule=STATUS_RULE,
        breadcrumbs=[DASHBOARD],
        figures=drawn_figures(lambda: context),
    )


@require_safe
def area_results_csv(request: HttpRequest, level: str, area: str, code: str) -> HttpResponse:
    _, indicator = _area_indicator(request, level, area, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area}-{indicator.code}.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors.CSV_COLUMNS)
    rows = selectors.csv_rows(None, indicator, request.user, area=(level, area))
    writer.writerows(safe_row(row) for row in rows)
    return response


LEVEL_WORDS = {
    AreaLevel.ENGLAND: "England",
    AreaLevel.REGION: "NHS England region",
    AreaLevel.SYSTEM: "Integrated care system",
}


@require_safe
def area_index(request: HttpRequest, level: str, area: str) -> HttpResponse:
    if level not in AREA_LEVELS:
        raise Http404
    name = area_name(level, area)
    indicators = Indicator.objects.national().order_by("name")
    return page(
        request,
        "indicators/area_index.jinja",
        f"Indicators for {name}",
        level=level,
        level_words=LEVEL_WORDS[AreaLevel(level)],
        area=area,
        area_name=name,
        indicators=list(indicators),
        breadcrumbs=[DASHBOARD],
    )
