"""What the accountability pillar adds to the home page: indicators needing attention."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, QueueLine, register_home_provider
from equityhub.indicators.board import home as home_board
from equityhub.indicators.dashboard import selectors
from equityhub.indicators.dashboard.targets import MISSED, OFF_TRACK
from equityhub.indicators.dashboard.tiles import Tile
from equityhub.indicators.querysets import team_organisations
from equityhub.indicators.returns import home as home_returns
from equityhub.indicators.returns.models import DataReturn
from equityhub.people.models import Membership, Organisation

CONCERN = "special cause concern"


def _tile_items(organisation: Organisation, tile: Tile) -> list[HomeItem]:
    """A tile needs attention when its variation is concerning, its target is off track or
    missed, or (a qualitative indicator) its latest rating fell."""
    kwargs = {"org": organisation.code, "code": tile.indicator.code}
    page = "indicators:judgements" if tile.is_qualitative else "indicators:results"
    href = reverse(page, kwargs=kwargs)
    name = tile.indicator.name
    items = []
    # Each reason is one plain-English sentence a board member reads without a statistician.
    if tile.spc == selectors.spc_words(CONCERN):
        hint = (
            f"{organisation.name}: the latest figures moved beyond their usual range, the wrong way"
        )
        items.append(HomeItem(f"{name}: worse than usual", href, hint, urgent=True))
    if tile.status.status in (OFF_TRACK, MISSED):
        hint = tile.status.explanation
        items.append(HomeItem(f"{name}: target {tile.status.status}", href, hint, urgent=True))
    now, before = tile.judgement, tile.previous_judgement
    if now and before and now.rating < before.rating:
        items.append(
            HomeItem(
                f"{name}: rating fell to {now.words}",
                href,
                f"{organisation.name}, {now.period} (was {before.words} in {before.period})",
                urgent=True,
            )
        )
    return items


def _items(organisations: list[Organisation], user: Any) -> list[HomeItem]:
    items: list[HomeItem] = []
    for organisation in organisations[:3]:
        for tile in selectors.dashboard_tiles(organisation, user, sees_all=True):
            items += _tile_items(organisation, tile)
        waiting = DataReturn.objects.filter(organisation=organisation, status="preview").count()
        if waiting:
            items.append(
                HomeItem(
                    text=f"{waiting} data return(s) checked but not committed",
                    href=reverse("indicators:returns"),
                    hint=f"{organisation.name}: the figures are not used until someone commits",
                )
            )
    return items


def indicators_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    organisations = team_organisations(request.user)  # the team sees all figures
    if not organisations:
        return None
    items = _items(organisations, request.user)[:8]
    return HomeSection(
        title="Indicators needing attention",
        items=tuple(items),
        empty_text=(
            "No indicator shows concerning variation, an off-track target or a falling rating."
        ),
        more_href=reverse("indicators:index"),
        more_text="Open the accountability dashboard",
        order=30,
        queue=_queue(request, items),
    )


def _queue(request: HttpRequest, items: list[HomeItem]) -> tuple[QueueLine, ...]:
    """For a lead, one line: how many indicators need attention and the first one's reason."""
    if not Membership.objects.leads().filter(user=request.user).exists():
        return ()
    if not items:
        return (
            QueueLine(
                "Indicators needing attention",
                "none: no concerning variation, missed target or falling rating",
                reverse("indicators:index"),
                rank=3,
            ),
        )
    first = items[0]
    count = "1 needs" if len(items) == 1 else f"{len(items)} need"
    return (
        QueueLine(
            "Indicators needing attention",
            f"{count} you. {first.text}",
            first.href,
            flag="Needs you" if any(i.urgent for i in items) else "",
            rank=3,
        ),
    )


def register() -> None:
    register_home_provider("indicators", indicators_section)
    register_home_provider("indicators.returns", home_returns.returns_section)
    register_home_provider("indicators.board", home_board.board_section)
