"""An organisation's peers for one indicator: itself, the others in its system, its system,
its region and England, and the organisations like it: the nearest by deprivation profile and
size, for comparison.

Two organisations are alike when a similar share of the people they count live in the most
deprived fifth of England (deprivation deciles 1 and 2, Core20) and they count a similar number
of people (compared on a log scale, so 2,000 is as far from 4,000 as 20,000 from 40,000). Both
are read from the indicator's own results for the period, so the comparison is like with like.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse

from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.models import ENGLAND, Result
from equityhub.people.models import Organisation

CORE20 = {"1", "2"}
HOW_MANY = 3


def _profiles(results: list[Result]) -> dict[int, tuple[float, float]]:
    """(Core20 share, log of size) per organisation, from its decile denominators."""
    deciles: dict[int, dict[str, float]] = defaultdict(dict)
    for r in results:
        if r.breakdown == "deprivation_decile" and r.denominator is not None:
            deciles[r.organisation_id][r.category] = r.denominator  # type: ignore[index]
    profiles = {}
    for organisation_id, counts in deciles.items():
        size = sum(counts.values())
        if size > 0:
            core20 = sum(v for k, v in counts.items() if k in CORE20) / size
            profiles[organisation_id] = (core20, math.log(size))
    return profiles


def _nearest(
    organisation_id: int, rows: list[Result], profiles: dict[int, tuple[float, float]]
) -> list[int]:
    mine = profiles.get(organisation_id)
    if mine is None:
        return []
    overall = {r.organisation_id for r in rows if r.breakdown == "overall"}

    def distance(other: int) -> float:
        core20, size = profiles[other]
        return abs(core20 - mine[0]) * 10 + abs(size - mine[1])

    others = (o for o in profiles if o != organisation_id and o in overall)
    return sorted(others, key=distance)[:HOW_MANY]


def similar_published_values(
    organisation: Organisation, periods: dict[int, str]
) -> dict[int, list[Result]]:
    """Per indicator id, the published overall results of the nearest organisations in the
    given period (`periods` maps indicator ids to periods), in one query for all."""
    if not periods:
        return {}
    wanted = Q()
    for indicator_id, period in periods.items():
        wanted |= Q(indicator_id=indicator_id, period=period)
    rows = list(
        # its own rows too, published or not: its profile picks the peers, never shown
        Result.objects.filter(Q(published=True) | Q(organisation=organisation), wanted)
        .filter(kind="category", organisation__isnull=False)
        .filter(breakdown__in=("overall", "deprivation_decile"))
    )
    by_indicator: dict[int, list[Result]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator_id].append(row)
    found = {}
    for indicator_id, results in by_indicator.items():
        nearest = _nearest(organisation.pk, results, _profiles(results))
        overall = {r.organisation_id: r for r in results if r.breakdown == "overall"}
        found[indicator_id] = [overall[o] for o in nearest]
    return found


def similar_organisations(
    organisation: Organisation, indicator: Indicator, user: Any, period: str | None
) -> list[tuple[Organisation, Result]]:
    """The nearest organisations and their overall result for the period, nearest first."""
    if period is None:
        return []
    visible = Result.objects.visible_to(user).filter(
        indicator=indicator, period=period, kind="category", organisation__isnull=False
    )
    rows = list(visible.filter(breakdown__in=("overall", "deprivation_decile")))
    nearest = _nearest(organisation.pk, rows, _profiles(rows))
    overall = {r.organisation_id: r for r in rows if r.breakdown == "overall"}
    found = Organisation.objects.in_bulk(nearest)
    return [(found[o], overall[o]) for o in nearest]


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
        Result.objects.visible_to(user)
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
