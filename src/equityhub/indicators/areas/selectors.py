"""Reads for systems, regions and England: their names, and the peers of an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.urls import reverse

from equityhub.indicators.dashboard.peers import similar_organisations
from equityhub.indicators.models import ENGLAND, AreaLevel, Indicator, Result
from equityhub.people.models import Organisation, Region, System

AREA_LEVELS = (AreaLevel.SYSTEM, AreaLevel.REGION, AreaLevel.ENGLAND)


def area_name(level: str, code: str) -> str:
    """The area's name, or 404 for an unknown level or code."""
    if level == AreaLevel.ENGLAND and code == ENGLAND:
        return "England"
    model = {AreaLevel.SYSTEM: System, AreaLevel.REGION: Region}.get(level)  # type: ignore[call-overload]
    area = model.objects.filter(code=code).first() if model else None
    if area is None:
        raise Http404
    return str(area.name)


@dataclass
class Peer:
    label: str
    level: str
    url: str
    result: Result
    is_self: bool = False
    basis: str = "Its own return"


def built_from(result: Result, names: dict[str, tuple[str, str]]) -> str:
    """What one figure is made of, in words: an organisation's own return, an integrated care
    board's own return, one named organisation's, or the sum of N organisations' returns.
    `names` maps organisation codes to (name, kind)."""
    if result.organisation_id is not None:
        return "Its own return"
    codes = result.based_on.split()
    if len(codes) == 1:
        name, kind = names.get(codes[0], (codes[0], ""))
        if kind == "icb":
            return f"The integrated care board's own return ({name})"
        return f"One organisation's return only: {name}"
    return f"The sum of {len(codes)} organisations' returns"


def _names(results: list[Result]) -> dict[str, tuple[str, str]]:
    codes = {code for r in results if r.organisation_id is None for code in r.based_on.split()}
    rows = Organisation.objects.filter(code__in=codes).values_list("code", "name", "kind")
    return {code: (name, kind) for code, name, kind in rows}


def _url(result: Result) -> str:
    code = result.indicator.code
    if result.organisation is not None:
        return reverse("indicators:results", kwargs={"org": result.organisation.code, "code": code})
    return reverse(
        "indicators:area-results",
        kwargs={"level": result.area_level, "area": result.area_code, "code": code},
    )


def peers(
    organisation: Organisation, indicator: Indicator, user: Any, period: str | None
) -> list[Peer]:
    """The period's overall value for the organisation, the others in its system, its system,
    its region and England — only results the person may see, suppressed ones shown as such."""
    if period is None:
        return []
    system, region = (
        organisation.system,
        organisation.region or (organisation.system.region if organisation.system else None),
    )
    where = Q(organisation=organisation)
    if system is not None:
        where |= Q(organisation__system=system) | Q(area_level="system", area_code=system.code)
    if region is not None:
        where |= Q(area_level="region", area_code=region.code)
    where |= Q(area_level="england", area_code=ENGLAND)
    results = list(
        Result.objects.visible_to(user)  # type: ignore[attr-defined]
        .filter(where, indicator=indicator, period=period, breakdown="overall", kind="category")
        .select_related("organisation", "indicator")
    )
    names = _names(results)
    areas = {
        "system": system.name if system else "",
        "region": region.name if region else "",
        "england": "England",
    }
    similar = [
        Peer(o.name, "Similar deprivation profile and size", _url(r), r)
        for o, r in similar_organisations(organisation, indicator, user, period)
        if o.system_id != organisation.system_id or system is None
    ]
    order = {"organisation": 0, "system": 1, "region": 2, "england": 3}
    found = [
        Peer(
            label=r.organisation.name if r.organisation else areas[r.area_level],
            level=r.get_area_level_display(),
            url=_url(r),
            result=r,
            is_self=r.organisation_id == organisation.pk,
            basis=built_from(r, names),
        )
        for r in results
    ]
    found.sort(key=lambda p: (order[p.result.area_level], not p.is_self, p.label))
    return found[:1] + similar + found[1:] if found and found[0].is_self else similar + found


@dataclass(frozen=True)
class AreaBasis:
    """What an area's figure for a period rests on: how many organisations have reported, of
    how many there are, and the one organisation when there is only one."""

    reported: int
    organisations: int
    only: Organisation | None
    board: Organisation | None = None
    names: tuple[str, ...] = ()

    NAMED = 8  # more names than this are summarised

    @property
    def words(self) -> str:
        if self.board is not None:
            return (
                f"These figures are {self.board.name}'s own return for this period, not a sum "
                "of the returns of the organisations in the area."
            )
        listed = ", ".join(self.names[: self.NAMED])
        if len(self.names) > self.NAMED:
            listed += f" and {len(self.names) - self.NAMED} more"
        return (
            f"These figures are the sum of the counts in the returns of {self.reported} "
            f"organisations ({listed}), never of their rates. {self.reported} of the "
            f"{self.organisations} organisations in this area have reported for this period."
        )


def area_basis(level: str, code: str, breakdowns: list[Any]) -> AreaBasis | None:
    """The basis of the chosen period's figures, read from its overall result (None without)."""
    overall = next(
        (row["result"] for view in breakdowns if view.breakdown == "overall" for row in view.rows),
        None,
    )
    if overall is None:
        return None
    codes = overall.based_on.split()
    inside = Organisation.objects.current()  # type: ignore[attr-defined]
    if level == AreaLevel.SYSTEM:
        inside = inside.filter(system__code=code)
    elif level == AreaLevel.REGION:
        inside = inside.filter(Q(region__code=code) | Q(system__region__code=code))
    only = Organisation.objects.filter(code=codes[0]).first() if len(codes) == 1 else None
    if only is not None and only.kind == "icb":  # the board's own return is the system's figure
        return AreaBasis(1, max(inside.count(), 1), None, board=only)
    names = tuple(
        Organisation.objects.filter(code__in=codes).order_by("name").values_list("name", flat=True)
    )
    return AreaBasis(len(codes), max(inside.count(), len(codes)), only, names=names)
