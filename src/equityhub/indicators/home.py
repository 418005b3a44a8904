"""What the accountability pillar adds to the home page: indicators needing attention."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, register_home_provider
from equityhub.indicators import selectors
from equityhub.indicators.models import DataReturn
from equityhub.indicators.targets import MISSED, OFF_TRACK

CONCERN = "special cause concern"


def _items(request: HttpRequest) -> list[HomeItem]:
    items: list[HomeItem] = []
    for organisation in selectors.team_organisations(request.user)[:3]:
        for tile in selectors.dashboard_tiles(organisation, request.user):
            href = reverse(
                "indicators:results", kwargs={"org": organisation.code, "code": tile.indicator.code}
            )
            if tile.spc == selectors.spc_words(CONCERN):
                items.append(
                    HomeItem(
                        text=f"{tile.indicator.name}: concerning variation",
                        href=href,
                        hint=f"{organisation.name}, latest period",
                        urgent=True,
                    )
                )
            if tile.status.status in (OFF_TRACK, MISSED):
                items.append(
                    HomeItem(
                        text=f"{tile.indicator.name}: target {tile.status.status}",
                        href=href,
                        hint=tile.status.explanation,
                        urgent=True,
                    )
                )
        waiting = DataReturn.objects.filter(organisation=organisation, status="preview").count()
        if waiting:
            items.append(
                HomeItem(
                    text=f"{waiting} data return(s) checked but not committed",
                    href=reverse("indicators:returns"),
                    hint=organisation.name,
                )
            )
    return items


def indicators_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated or not selectors.team_organisations(request.user):
        return None
    return HomeSection(
        title="Indicators needing attention",
        items=tuple(_items(request)[:8]),
        empty_text="No indicator shows concerning variation or an off-track target.",
        more_href=reverse("indicators:index"),
        more_text="Open the accountability dashboard",
        order=30,
    )


def register() -> None:
    register_home_provider("indicators", indicators_section)
