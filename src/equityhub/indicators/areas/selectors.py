"""Reads for systems, regions and England: their names, and what their figures are built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from equityhub.indicators.results.models import ENGLAND, AreaLevel
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
    inside = Organisation.objects.current()
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
