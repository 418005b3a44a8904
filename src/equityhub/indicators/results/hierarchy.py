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

Recomputing after one organisation's commit touches as little as it can: only the organisation,
the areas above it (their counts changed), and any other organisation or area whose suppression
pattern changed are rebuilt; everything else is left as stored, since its inputs and its
pattern are the same (`recompute_national` with `changed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from equityhub.indicators.models import ENGLAND, AreaLevel, Indicator, Result, Signal
from equityhub.indicators.registry.categories import is_unknown, parse_period
from equityhub.indicators.results.compute import (
    Cell,
    Holding,
    category_frame,
    deprivation_measures,
    national_points,
    unknown_shares,
)
from equityhub.indicators.results.disclosure import Earlier, protect_counts
from equityhub.indicators.results.store import (
    BLANK,
    KEY,
    _clean,
    organisation_rows,
    recompute,
    store_areas,
    store_organisation,
)
from equityhub.indicators.results.who import ethnicity_measures
from equityhub.indicators.results.workforce import relative_likelihoods

__all__ = ["Cell", "area_tables", "protect", "recompute_areas", "recompute_national"]

COUNTED_TYPES = ("proportion", "crude_rate", "count")
SUMMED = [*KEY, "period_number", "numerator", "denominator"]
MEASURE_KINDS = ("gap", "ratio", "sii", "rii", "bgv", "d", "unknown_share", "relative_likelihood")
HIERARCHY_REASON = "secondary: built from a cell suppressed across the hierarchy"


def national_cells(holdings: dict[str, Holding]) -> pd.DataFrame:
    """Every organisation's counted cells, with its kind, system and region codes."""
    numbers: dict[str, float] = {}
    records = []
    for code, holding in holdings.items():
        organisation = holding.organisation
        system = organisation.system
        region = organisation.region or (system.region if system else None)
        where = (
            code,
            organisation.kind,
            system.code if system else "",
            region.code if region else "",
        )
        for p in holding.points:
            if p.numerator is None:
                continue
            if p.period not in numbers:
                numbers[p.period] = parse_period(p.period)[1]  # type: ignore[index]
            records.append(
                (*where, p.period, p.breakdown, p.category, numbers[p.period], p.numerator,
                 p.denominator)
            )  # fmt: skip
    columns = ["organisation", "kind", "system", "region", *SUMMED]
    cells = pd.DataFrame.from_records(records, columns=columns)
    return cells.astype({"numerator": float, "denominator": float})


def _sum(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts summed per area and cell; a denominator only when every part has one.

    ``members`` lists the organisations whose counts a cell adds up ("R1 R2"), so that a figure
    can say what it rests on and a later one can tell whether it is the same sum.
    """
    if "members" not in frame.columns:
        frame = frame.assign(members=frame.get("organisation", ""))
    grouped = frame.assign(no_denominator=frame["denominator"].isna()).groupby(
        [by, *KEY], as_index=False, sort=True
    )
    summed = grouped.agg(
        period_number=("period_number", "first"),
        numerator=("numerator", "sum"),
        denominator=("denominator", "sum"),
        no_denominator=("no_denominator", "any"),
        members=("members", _union),
    )
    summed.loc[summed["no_denominator"], "denominator"] = float("nan")
    return summed.drop(columns="no_denominator").rename(columns={by: "area"})


def _union(members: pd.Series) -> str:
    return " ".join(sorted({code for text in members for code in str(text).split()}))


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
        members=members["organisation"],
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
            systems.assign(region=systems["parent"])[["region", *SUMMED, "members"]],
            no_system.assign(members=no_system["organisation"])[["region", *SUMMED, "members"]],
        ]
    )
    regions = _sum(by_region, "region").assign(level=AreaLevel.REGION, parent=ENGLAND)
    england = _sum(regions.assign(country=ENGLAND), "country").assign(
        level=AreaLevel.ENGLAND, parent=""
    )
    columns = [
        "level", "area", "parent", *KEY, "period_number", "numerator", "denominator", "members"
    ]  # fmt: skip
    return pd.concat(
        [organisations[columns], systems[columns], regions[columns], england[columns]],
        ignore_index=True,
    )


def protect(areas: pd.DataFrame, earlier: pd.DataFrame | None = None) -> pd.DataFrame:
    """Suppression over each period's whole hierarchy; adds `suppressed` and its reason.

    ``earlier`` is what was published before (rows as this returns them): the audit attacks
    both together (see `protect_counts`)."""
    flags = protect_counts(
        areas,
        within=["period"],
        area="area",
        parent="parent",
        earlier=None if earlier is None or earlier.empty else _earlier(areas, earlier),
    )
    return areas.assign(
        suppressed=flags["suppressed"].to_numpy(dtype=bool),
        suppression_reason=flags["suppression_reason"].to_numpy(),
    )


def _earlier(areas: pd.DataFrame, earlier: pd.DataFrame) -> Earlier:
    """Each earlier row matched to the row now with the same count over the same organisations
    (an organisation's own cell is the same organisation whatever else has reported)."""
    keys = ["level", "area", *KEY]
    now = areas[[*keys, "numerator", "members"]].reset_index(drop=True)
    now = now.assign(level=now["level"].astype(str), _row=np.arange(len(now)))
    cells = earlier.reset_index(drop=True)
    found = (
        cells[[*keys, "numerator", "members"]]
        .assign(level=cells["level"].astype(str))
        .merge(now, on=keys, how="left", suffixes=("", "_now"))
    )
    same = (found["level"] == AreaLevel.ORGANISATION) | (found["members"] == found["members_now"])
    same &= found["numerator"] == found["numerator_now"]
    rows = found["_row"].where(same, -1).fillna(-1).to_numpy(dtype=np.int64)
    return Earlier(cells=cells, same_as=rows)


def _published(cells: pd.DataFrame, level: str, code: str, open_data: dict[str, bool]) -> bool:
    """An area's figures are open only when every return they are built from is."""
    column = {"system": "system", "region": "region"}.get(level)
    inside = cells if column is None else cells[cells[column] == code]
    return all(open_data.get(c, False) for c in set(inside["organisation"]))


def own_suppression(cells: pd.DataFrame) -> pd.DataFrame:
    """Each organisation's own disclosure control (as `apply_disclosure` does it, with the same
    words), for every organisation in one call: each organisation and period is its own set."""
    flags = protect_counts(
        cells.assign(area="this organisation"), within=["organisation", "period"], area="area"
    )
    return cells[["organisation", *KEY]].assign(
        suppressed=flags["suppressed"].to_numpy(dtype=bool),
        suppression_reason=flags["suppression_reason"].to_numpy(),
    )


def hidden_by_hierarchy(areas: pd.DataFrame) -> pd.DataFrame:
    """Cells the hierarchy hides in organisations' own results: an organisation's cells, and a
    system's (its integrated care board's own return may be what the system shows)."""
    hidden = areas[areas["suppressed"] & (areas["level"] != AreaLevel.REGION)]
    hidden = hidden.drop_duplicates(subset=["area", *KEY], keep="first")
    return hidden[["area", *KEY, "suppression_reason"]].rename(columns={"area": "organisation"})


def withhold(rows: list[dict[str, Any]], hidden: pd.DataFrame) -> list[dict[str, Any]]:
    """Blank, in an organisation's rows, the cells the hierarchy hides and the measures built
    on them (cells already suppressed keep their own reason)."""
    blanks = dict.fromkeys([*BLANK, "se"])
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    measures: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        kind = row.get("kind", "category")
        if kind == "category":
            cells[(row["period"], row["breakdown"], row.get("category") or "")] = row
        elif kind in MEASURE_KINDS:
            measures.setdefault((row["period"], row["breakdown"]), []).append(row)
    for period, breakdown, category, reason in hidden[[*KEY, "suppression_reason"]].itertuples(
        index=False
    ):
        cell = cells.get((period, breakdown, category))
        if cell is not None and not cell.get("suppressed"):
            withheld = cell.get("numerator")
            cell.update(blanks, suppressed=True, suppression_reason=str(reason)[:200])
            cell["withheld_count"] = withheld
        for measure in measures.get((period, breakdown), []):
            if measure.get("kind") == "unknown_share" and not is_unknown(category):
                continue  # the share is built from the unknown groups only
            if not measure.get("suppressed"):
                measure.update(blanks, suppressed=True, suppression_reason=HIERARCHY_REASON)
    return rows


def _stale_organisations(
    indicator: Indicator, cells: pd.DataFrame, hidden: pd.DataFrame
) -> set[str]:
    """Organisations whose stored cells are not suppressed as they should now be."""
    wanted = own_suppression(cells).merge(
        hidden, on=["organisation", *KEY], how="outer", suffixes=("", "_above")
    )
    own = wanted["suppressed"].fillna(False).astype(bool)
    above = wanted["suppression_reason_above"].notna()
    wanted["suppressed"] = own | above
    wanted["suppression_reason"] = (
        wanted["suppression_reason"]
        .where(own | ~above, wanted["suppression_reason_above"])
        .fillna("")
        .astype(str)
        .str[:200]
    )
    stored = pd.DataFrame.from_records(
        Result.objects.filter(indicator=indicator, organisation__isnull=False, kind="category")
        .values_list("organisation__code", *KEY, "suppressed", "suppression_reason")
        .iterator(chunk_size=10_000),
        columns=["organisation", *KEY, "stored", "stored_reason"],
    )
    both = wanted.merge(stored, on=["organisation", *KEY], how="left")
    differs = both["stored"].isna() | (
        both["stored"].fillna(False).astype(bool) != both["suppressed"]
    )
    differs |= both["stored_reason"].fillna("").astype(str) != both["suppression_reason"]
    return set(both.loc[differs, "organisation"])


def _stale_areas(indicator: Indicator, above: pd.DataFrame) -> set[tuple[str, str]]:
    """Areas whose stored cells differ from what they should now be (suppression or openness)."""
    columns = ["level", "area", *KEY, "suppressed", "suppression_reason", "published"]
    wanted = above[columns].assign(
        suppression_reason=above["suppression_reason"].astype(str).str[:200]
    )
    stored = pd.DataFrame.from_records(
        Result.objects.filter(
            indicator=indicator, organisation__isnull=True, kind="category"
        ).values_list(
            "area_level", "area_code", *KEY, "suppressed", "suppression_reason", "published"
        ),
        columns=columns,
    )
    both = wanted.merge(
        stored, on=["level", "area", *KEY], how="outer", suffixes=("", "_s"), indicator=True
    )
    differs = both["_merge"] != "both"
    for name in ("suppressed", "suppression_reason", "published"):
        differs |= both[name] != both[f"{name}_s"]
    return set(zip(both.loc[differs, "level"], both.loc[differs, "area"], strict=True))


def _ancestors(organisations: Iterable[Any]) -> set[tuple[str, str]]:
    """The system, region and England above each organisation: their counts include its own."""
    out: set[tuple[str, str]] = set()
    for organisation in organisations:
        system = organisation.system
        region = organisation.region or (system.region if system else None)
        if system is not None:
            out.add((AreaLevel.SYSTEM, system.code))
        if region is not None:
            out.add((AreaLevel.REGION, region.code))
        out.add((AreaLevel.ENGLAND, ENGLAND))
    return {(str(level), code) for level, code in out}


def _clear(indicator: Indicator, organisations: Iterable[Any]) -> None:
    for organisation in organisations:
        Result.objects.filter(organisation=organisation, indicator=indicator).delete()
        Signal.objects.filter(organisation=organisation, indicator=indicator).delete()


@transaction.atomic
def recompute_national(indicator: Indicator, changed: Iterable[Any] | None = None) -> int:
    """Recompute an indicator's national protected set; returns the rows (re)stored.

    With ``changed`` (the organisations whose data changed, usually the one that committed):
    those organisations and the areas above them are rebuilt, and any other organisation or
    area only if its suppression pattern (or openness) changed. Without it, everything is
    rebuilt from scratch. The protected set is national (England's figure ties every
    organisation together), so a change anywhere can change what must be hidden elsewhere.
    One indicator's recomputations run one at a time (its row is locked on PostgreSQL).
    """
    _lock(indicator)
    holdings = national_points(indicator) if indicator.is_quantitative else {}
    changed = list(changed) if changed is not None else None
    if changed is not None:
        _clear(indicator, [o for o in changed if o.code not in holdings])
    if indicator.type not in COUNTED_TYPES:
        codes = set(holdings) if changed is None else {o.code for o in changed}
        Result.objects.filter(indicator=indicator, organisation__isnull=True).delete()
        Signal.objects.filter(indicator=indicator, organisation__isnull=True).delete()
        return sum(recompute(holdings[c].organisation, indicator) for c in codes if c in holdings)
    return _hierarchy_pass(indicator, holdings, changed)


@transaction.atomic
def recompute_areas(indicator: Indicator) -> int:
    """Bring the hierarchy up to date after organisations' own results were recomputed: every
    area is rebuilt, organisations only where the hierarchy now hides more or less of them."""
    if indicator.type not in COUNTED_TYPES:
        return recompute_national(indicator, changed=[])
    _lock(indicator)
    return _hierarchy_pass(indicator, national_points(indicator), [], every_area=True)


def _published_before(indicator: Indicator, areas: pd.DataFrame) -> pd.DataFrame | None:
    """What was published before, read back from the stored results: every cell with the count
    it had (shown, or withheld), the organisations it was built on and whether it was hidden.
    Each area keeps the parent it has now (areas do not move between systems and regions)."""
    stored = pd.DataFrame.from_records(
        Result.objects.filter(indicator=indicator, kind="category")
        .values_list(
            "area_level", "area_code", "organisation__code", *KEY, "suppressed", "numerator",
            "withheld_count", "based_on", "suppression_reason",
        )
        .iterator(chunk_size=10_000),
        columns=[
            "level", "area", "organisation", *KEY, "suppressed", "shown", "withheld", "members",
            "suppression_reason",
        ],
    )  # fmt: skip
    if stored.empty:
        return None
    organisation = stored["organisation"].notna()
    stored["area"] = stored["organisation"].where(organisation, stored["area"])
    stored["members"] = stored["organisation"].where(organisation, stored["members"])
    stored["level"] = stored["level"].astype(str)
    stored["suppressed"] = stored["suppressed"].astype(bool)
    stored["numerator"] = stored["withheld"].where(stored["suppressed"], stored["shown"])
    parents = areas.assign(level=areas["level"].astype(str)).drop_duplicates(["level", "area"])
    stored = stored.merge(parents[["level", "area", "parent"]], on=["level", "area"], how="left")
    stored["parent"] = stored["parent"].fillna("")
    # A count not on record (a cell stored before counts were kept) cannot be matched or summed.
    return stored[stored["numerator"].notna()].drop(columns=["organisation", "shown", "withheld"])


def _lock(indicator: Indicator) -> None:
    Indicator.objects.select_for_update().filter(pk=indicator.pk).values_list("pk").first()


def _area_openness(
    cells: pd.DataFrame, above: pd.DataFrame, holdings: dict[str, Holding]
) -> list[bool]:
    open_data = {c: all(r.publish for r in h.returns.values()) for c, h in holdings.items()}
    found: dict[tuple[str, str], bool] = {}
    for key in set(zip(above["level"], above["area"], strict=True)):
        found[key] = _published(cells, key[0], key[1], open_data)
    return [found[key] for key in zip(above["level"], above["area"], strict=True)]


def _hierarchy_pass(
    indicator: Indicator,
    holdings: dict[str, Holding],
    changed: list[Any] | None,
    *,
    every_area: bool = False,
) -> int:
    """Suppression over the whole hierarchy, then the rebuilds it calls for (all if not
    ``changed``): organisations' rows with the hierarchy's hiding applied, and the areas."""
    cells = national_cells(holdings)
    if cells.empty:
        return store_areas(indicator, pd.DataFrame(columns=["level", "area"]), set(), _area_rows)
    tables = area_tables(cells)
    areas = protect(tables, _published_before(indicator, tables))
    hidden = hidden_by_hierarchy(areas)
    rebuild = set(holdings)
    if changed is not None:
        rebuild = {o.code for o in changed if o.code in holdings}
        rebuild |= _stale_organisations(indicator, cells, hidden) & set(holdings)
    stored = 0
    by_code = dict(tuple(hidden.groupby("organisation")))
    for code in sorted(rebuild):
        holding = holdings[code]
        rows = withhold(organisation_rows(indicator, holding.points), by_code.get(code, hidden[:0]))
        stored += store_organisation(holding.organisation, indicator, rows, holding.returns)
    above = areas[areas["level"] != AreaLevel.ORGANISATION]
    above = above.assign(
        level=above["level"].astype(str), published=_area_openness(cells, above, holdings)
    )
    areas_now = set(zip(above["level"], above["area"], strict=True))
    if changed is None or every_area:
        rebuild_areas = areas_now
    else:
        rebuild_areas = (_ancestors(changed) | _stale_areas(indicator, above)) & areas_now
    return stored + store_areas(indicator, above, rebuild_areas, _area_rows)


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
    flags = cells.set_index(KEY)[["suppressed", "suppression_reason", "members"]]
    shown = raw.join(flags, on=KEY)
    shown["withheld_count"] = shown["numerator"].where(shown["suppressed"])
    shown.loc[shown["suppressed"], BLANK] = None
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    rows += deprivation_measures(indicator, raw, shown)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw, shown)
    rows += relative_likelihoods(indicator, raw, shown)
    return rows
