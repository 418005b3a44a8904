"""Systems, regions and England from organisations' counts, with disclosure control over all of it.

An integrated care system's figures come from a return made by its integrated care board when
there is one for that period, otherwise from the sum of the counts (never the rates) of the
organisations in the system; a region's from its systems; England's from its regions. Values
and limits are then computed from the summed counts exactly as for an organisation.

Small-number suppression runs once over the whole national protected set of each period —
every organisation, system, region and England, every breakdown and its total — so a cell
hidden in one organisation cannot be recovered by subtracting its neighbours from the system's
figure. Cells hidden this way are blanked in the organisations' stored results too, together
with the inequality measures built from them, so pages, downloads, papers and the API agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from equityhub.indicators.categories import TOTAL
from equityhub.indicators.compute import (
    THRESHOLD,
    category_frame,
    current_points,
    deprivation_measures,
    unknown_shares,
)
from equityhub.indicators.compute_store import RESULT_FIELDS, _clean
from equityhub.indicators.compute_who import ethnicity_measures
from equityhub.indicators.models import AreaLevel, DataReturn, Indicator, Result
from equityhub.people.models import Organisation
from equityhub.stats.disclosure import suppress

ENGLAND = "E92000001"
COUNTED_TYPES = ("proportion", "crude_rate", "count")
KEY = ["period", "breakdown", "category"]
SUMMED = [*KEY, "period_number", "numerator", "denominator"]
BLANK = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]


@dataclass(frozen=True)
class Cell:
    """A summed cell shaped like a data point, so `category_frame` computes it the same way."""

    period: str
    breakdown: str
    category: str
    numerator: float
    denominator: float | None
    value: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None


def _organisation_cells(indicator: Indicator) -> tuple[pd.DataFrame, dict[str, list[DataReturn]]]:
    """Every organisation's current counted cells, with its system and region codes."""
    frames, returns = [], {}
    organisations = Organisation.objects.filter(
        pk__in=DataReturn.objects.committed()
        .filter(points__indicator=indicator)
        .values("organisation_id")
    ).select_related("system", "region")
    for organisation in organisations:
        points, chosen = current_points(organisation, indicator)
        counted = [p for p in points if p.numerator is not None]
        if not counted:
            continue
        frame = category_frame(indicator, counted)[
            [*KEY, "period_number", "numerator", "denominator"]
        ]
        system = organisation.system
        frame["organisation"] = organisation.code
        frame["kind"] = organisation.kind
        frame["system"] = system.code if system else ""
        frame["region"] = (
            organisation.region.code
            if organisation.region
            else (system.region.code if system else "")
        )
        frames.append(frame)
        returns[organisation.code] = list(chosen.values())
    if not frames:
        return pd.DataFrame(), returns
    return pd.concat(frames, ignore_index=True), returns


def _sum(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    summed = frame.groupby([by, *KEY], as_index=False).agg(
        period_number=("period_number", "first"),
        numerator=("numerator", "sum"),
        denominator=("denominator", lambda d: d.sum(min_count=len(d))),
    )
    return summed.rename(columns={by: "area"})


def area_tables(cells: pd.DataFrame) -> pd.DataFrame:
    """Counts per area at every level: organisations, systems, regions and England.

    A system's cells for a period come from its integrated care board's own return when there
    is one, otherwise from the sum over its other organisations.
    """
    cells = cells[cells["region"] != ""]
    icb = cells[(cells["kind"] == "icb") & (cells["system"] != "")]
    members = cells[cells["kind"] != "icb"]
    organisations = members.assign(
        area=members["organisation"],
        level=AreaLevel.ORGANISATION,
        parent=members["system"].where(members["system"] != "", members["region"]),
    )
    summed = _sum(members[members["system"] != ""], "system")
    own = _sum(icb, "system")
    own_periods = set(zip(own["area"], own["period"], strict=True))
    summed = summed[
        [(a, p) not in own_periods for a, p in zip(summed["area"], summed["period"], strict=True)]
    ]
    systems = pd.concat([own, summed], ignore_index=True)
    region_of = dict(zip(cells["system"], cells["region"], strict=True))
    systems = systems.assign(level=AreaLevel.SYSTEM, parent=systems["area"].map(region_of))
    no_system = members[members["system"] == ""]
    by_region = pd.concat(
        [
            systems.assign(region=systems["parent"])[["region", *SUMMED]],
            no_system[["region", *SUMMED]],
        ]
    )
    regions = _sum(by_region, "region").assign(level=AreaLevel.REGION, parent=ENGLAND)
    england = _sum(regions.assign(country=ENGLAND), "country").assign(
        level=AreaLevel.ENGLAND, parent=""
    )
    columns = ["level", "area", "parent", *KEY, "period_number", "numerator", "denominator"]
    return pd.concat(
        [organisations[columns], systems[columns], regions[columns], england[columns]],
        ignore_index=True,
    )


def protect(areas: pd.DataFrame) -> pd.DataFrame:
    """Suppression over each period's whole hierarchy; adds `suppressed` and its reason."""
    protected = suppress(
        areas[["level", "area", "parent", *KEY, "numerator"]],
        count="numerator",
        within=["period"],
        area="area",
        parent="parent",
        breakdown="breakdown",
        category="category",
        total=TOTAL,
        threshold=THRESHOLD,
    )
    return areas.assign(
        suppressed=protected["suppressed"].to_numpy(),
        suppression_reason=protected["suppression_reason"].to_numpy(),
    )


def _area_rows(indicator: Indicator, cells: pd.DataFrame) -> list[dict[str, Any]]:
    """An area's stored rows: category values and the inequality measures, after suppression."""
    points = [
        Cell(
            str(r["period"]),
            str(r["breakdown"]),
            str(r["category"]),
            float(r["numerator"]),
            _clean(r["denominator"]),
        )
        for r in cells.to_dict("records")
    ]
    raw = category_frame(indicator, points)  # type: ignore[arg-type]
    flags = cells.set_index(KEY)[["suppressed", "suppression_reason"]]
    shown = raw.join(flags, on=KEY)
    shown.loc[shown["suppressed"], BLANK] = None
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    rows += deprivation_measures(indicator, raw, shown)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw)
    return rows


def _area_result(indicator: Indicator, level: str, code: str, row: dict[str, Any]) -> Result:
    return Result(
        organisation=None,
        area_level=level,
        area_code=code,
        indicator=indicator,
        period=row["period"],
        period_number=float(row["period_number"]),
        breakdown=row["breakdown"],
        category=row.get("category") or "",
        kind=row.get("kind", "category"),
        method=str(row.get("method") or "")[:120],
        suppressed=bool(row.get("suppressed", False)),
        suppression_reason=str(row.get("suppression_reason") or "")[:200],
        published=bool(row.get("published", False)),
        **{name: _clean(row.get(name)) for name in RESULT_FIELDS},
    )


MEASURE_KINDS = ("gap", "ratio", "sii", "rii", "bgv", "d")


def _withhold_in_organisations(indicator: Indicator, hidden: pd.DataFrame) -> int:
    """Blank organisations' stored cells the hierarchy hides, and the measures built on them."""
    changed = 0
    blanks = dict.fromkeys([*BLANK, "se"])
    for row in hidden.itertuples():
        cell = Result.objects.filter(
            organisation__code=row.area,
            indicator=indicator,
            kind="category",
            period=row.period,
            breakdown=row.breakdown,
            category=row.category,
            suppressed=False,
        )
        changed += cell.update(
            suppressed=True, suppression_reason=str(row.suppression_reason)[:200], **blanks
        )
        changed += Result.objects.filter(
            organisation__code=row.area,
            indicator=indicator,
            kind__in=MEASURE_KINDS,
            period=row.period,
            breakdown=row.breakdown,
            suppressed=False,
        ).update(
            suppressed=True,
            suppression_reason="secondary: built from a cell suppressed across the hierarchy",
            **blanks,
        )
    return changed


def _published(cells: pd.DataFrame, level: str, code: str, open_data: dict[str, bool]) -> bool:
    """An area's figures are open only when every return they are built from is."""
    column = {"system": "system", "region": "region"}.get(level)
    inside = cells if column is None else cells[cells[column] == code]
    return all(open_data.get(c, False) for c in set(inside["organisation"]))


@transaction.atomic
def recompute_national(indicator: Indicator) -> int:
    """Recompute every organisation holding data for the indicator, then every area above them.

    The protected set is national (England's figure ties every organisation together), so a
    change anywhere can change what must be hidden elsewhere.
    """
    from equityhub.indicators.compute_store import recompute

    holders = Organisation.objects.filter(
        pk__in=DataReturn.objects.committed()
        .filter(points__indicator=indicator)
        .values("organisation_id")
    )
    stored = sum(recompute(organisation, indicator) for organisation in holders)
    return stored + recompute_areas(indicator)


def _rebuild_signals(indicator: Indicator, codes: set[str]) -> None:
    """Rebuild organisations' SPC and trend signals from their stored (now blanked) results."""
    from equityhub.indicators.compute_store import overall_signal, sii_signal
    from equityhub.indicators.models import Signal

    fields = ["period", "period_number", "breakdown", "kind", "value", "se", "suppressed"]
    for organisation in Organisation.objects.filter(code__in=codes):
        stored = Result.objects.filter(organisation=organisation, indicator=indicator)
        overall = pd.DataFrame(
            list(
                stored.filter(kind="category", breakdown="overall").values(
                    *fields, "lower_95", "upper_95"
                )
            )
        )
        measures = list(stored.filter(kind="sii").values(*fields))
        old = Signal.objects.filter(organisation=organisation, indicator=indicator)
        published = old.filter(published=True).exists()
        old.delete()
        signals = [overall_signal(indicator, overall) if not overall.empty else None]
        signals.append(sii_signal(measures))
        for signal in signals:
            if signal:
                Signal.objects.create(
                    organisation=organisation, indicator=indicator, published=published, **signal
                )


@transaction.atomic
def recompute_areas(indicator: Indicator) -> int:
    """Store system, region and England results for one indicator; returns rows stored.

    Call after every organisation's own results are recomputed: the organisations' cells the
    hierarchy hides are blanked here.
    """
    Result.objects.filter(indicator=indicator, organisation__isnull=True).delete()
    if indicator.type not in COUNTED_TYPES:
        return 0
    cells, returns = _organisation_cells(indicator)
    if cells.empty:
        return 0
    areas = protect(area_tables(cells))
    organisations = areas["level"] == AreaLevel.ORGANISATION
    # a system's figures may be its integrated care board's own return: hide those cells there too
    hidden = areas[areas["suppressed"] & (areas["level"] != "region")]
    if _withhold_in_organisations(indicator, hidden):
        _rebuild_signals(indicator, set(hidden["area"]))
    open_data = {code: all(r.publish for r in chosen) for code, chosen in returns.items()}
    stored = []
    for (level, code), group in areas[~organisations].groupby(["level", "area"]):
        published = _published(cells, str(level), str(code), open_data)
        for row in _area_rows(indicator, group.reset_index(drop=True)):
            stored.append(
                _area_result(indicator, str(level), str(code), {**row, "published": published})
            )
    Result.objects.bulk_create(stored, batch_size=2000)
    return len(stored)
