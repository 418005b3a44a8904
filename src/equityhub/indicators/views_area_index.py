"""The national indicators for England, a region or a system: one page linking each to its
figures for that area (built from the returns of the organisations below it)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from equityhub.core.views import page
from equityhub.indicators.models import AreaLevel, Indicator
from equityhub.indicators.selectors_areas import AREA_LEVELS, area_name

DASHBOARD = ("Accountability", "/indicators/")
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
    indicators = Indicator.objects.national().order_by("name")  # type: ignore[attr-defined]
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
