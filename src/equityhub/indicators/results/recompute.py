"""Recomputing an indicator's results across the hierarchy and storing them (the tables are
built in `results.hierarchy`).

Recomputing after one organisation's commit touches as little as it can: only the organisation,
the areas whose cells add up its counts (now or before), and any other organisation or area
whose suppression pattern changed are rebuilt; everything else is left as stored, since its
inputs and its pattern are the same (`recompute_national` with `changed`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.bulk import clean
from equityhub.indicators.results.compute import (
    Cell,
    Holding,
    category_frame,
    national_points,
    unknown_shares,
)
from equityhub.indicators.results.deprivation import (
    Known,
    KnownMeasures,
    deprivation_measures,
    stored_measures,
)
from equityhub.indicators.results.hierarchy import (
    COUNTED_TYPES,
    _published,
    area_tables,
    hidden_by_hierarchy,
    national_cells,
    own_suppression,
    protect,
    withhold,
)
from equityhub.indicators.results.models import AreaLevel, Result, Signal
from equityhub.indicators.results.store import (
    BLANK,
    KEY,
    organisation_rows,
    recompute,
    store_areas,
    store_organisation,
)
from equityhub.indicators.results.who import ethnicity_measures
from equityhub.indicators.results.workforce import relative_likelihoods

__all__ = ["recompute_areas", "recompute_national"]

AreaRows = Callable[[Indicator, pd.DataFrame, tuple[str, str]], list[dict[str, Any]]]


def _stale_organisations(
    before: pd.DataFrame, cells: pd.DataFrame, hidden: pd.DataFrame
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
    stored = before.loc[
        before["organisation"].notna(), ["organisation", *KEY, "suppressed", "suppression_reason"]
    ].rename(columns={"suppressed": "stored", "suppression_reason": "stored_reason"})
    both = wanted.merge(stored, on=["organisation", *KEY], how="left")
    differs = both["stored"].isna() | (
        both["stored"].fillna(False).astype(bool) != both["suppressed"]
    )
    differs |= both["stored_reason"].fillna("").astype(str) != both["suppression_reason"]
    return set(both.loc[differs, "organisation"])


def _stale_areas(
    before: pd.DataFrame, above: pd.DataFrame, changed: set[str]
) -> set[tuple[str, str]]:
    """Areas whose stored cells may differ from what they should now be: cells added or gone,
    another suppression or openness, or a cell that adds up a changed organisation's counts now
    or did before (``based_on``). An area none of whose cells ever rested on a changed
    organisation has the same counts as before, so its stored rows stand (a system shown from
    its board's own return is not moved by a trust's commit, nor are the sums above it)."""
    columns = ["level", "area", *KEY, "suppressed", "suppression_reason", "published"]
    wanted = above[[*columns, "members"]].assign(
        suppression_reason=above["suppression_reason"].astype(str).str[:200]
    )
    stored = before.loc[before["organisation"].isna(), [*columns, "members"]]
    both = wanted.merge(
        stored, on=["level", "area", *KEY], how="outer", suffixes=("", "_s"), indicator=True
    )
    differs = both["_merge"] != "both"
    for name in ("suppressed", "suppression_reason", "published"):
        differs |= both[name] != both[f"{name}_s"]
    if changed:
        now, then = both["members"].fillna(""), both["members_s"].fillna("")
        touched = [
            not changed.isdisjoint(f"{a} {b}".split())
            for a, b in zip(now.tolist(), then.tolist(), strict=True)
        ]
        differs |= np.asarray(touched, dtype=np.bool_)
    return set(zip(both.loc[differs, "level"], both.loc[differs, "area"], strict=True))


def _clear(indicator: Indicator, organisations: Iterable[Any]) -> None:
    for organisation in organisations:
        Result.objects.filter(organisation=organisation, indicator=indicator).delete()
        Signal.objects.filter(organisation=organisation, indicator=indicator).delete()


@transaction.atomic
def recompute_national(indicator: Indicator, changed: Iterable[Any] | None = None) -> int:
    """Recompute an indicator's national protected set; returns the rows (re)stored.

    With ``changed`` (the organisations whose data changed, usually the one that committed):
    those organisations and the areas whose cells add up their counts (now or before) are
    rebuilt, and any other organisation or area only if its suppression pattern (or openness)
    changed. Without it, everything is rebuilt from scratch. The protected set is national
    (England's figure ties every organisation together), so a change anywhere can change what
    must be hidden elsewhere.
    One indicator's recomputations run one at a time (its row is locked on PostgreSQL).
    """
    _lock(indicator)
    holdings = national_points(indicator) if indicator.is_quantitative else {}
    changed = list(changed) if changed is not None else None
    if changed is not None:
        _clear(indicator, [o for o in changed if o.code not in holdings])
    else:  # from scratch: an organisation with nothing that counts now keeps nothing stored
        for model in (Result, Signal):
            model.objects.filter(indicator=indicator, organisation__isnull=False).exclude(
                organisation__code__in=sorted(holdings)
            ).delete()
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


def _stored_cells(indicator: Indicator) -> pd.DataFrame:
    """Every stored category cell of the indicator, organisations' and areas' alike, read once
    for the audit (what was published before) and for finding what is stale."""
    return pd.DataFrame.from_records(
        Result.objects.filter(indicator=indicator, kind="category")
        .values_list(
            "area_level", "area_code", "organisation__code", *KEY, "suppressed", "numerator",
            "withheld_count", "based_on", "suppression_reason", "published",
        )
        .iterator(chunk_size=10_000),
        columns=[
            "level", "area", "organisation", *KEY, "suppressed", "shown", "withheld", "members",
            "suppression_reason", "published",
        ],
    )  # fmt: skip


def _published_before(before: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame | None:
    """What was published before (`_stored_cells`): every cell with the count it had (shown,
    or withheld), the organisations it was built on and whether it was hidden.
    Each area keeps the parent it has now (areas do not move between systems and regions)."""
    if before.empty:
        return None
    stored = before.drop(columns="published")
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
    ``changed``): organisations' rows with the hierarchy's hiding applied, and the areas.

    When only some are rebuilt, their stored SII and RII are kept wherever their cells are
    unchanged (`deprivation.stored_measures`); a rebuild of everything computes every figure.
    """
    cells = national_cells(holdings)
    if cells.empty:
        empty = pd.DataFrame(columns=["level", "area"])
        return store_areas(indicator, empty, set(), _area_builder({}))
    tables = area_tables(cells)
    before = _stored_cells(indicator)
    areas = protect(tables, _published_before(before, tables))
    hidden = hidden_by_hierarchy(areas)
    rebuild = set(holdings)
    if changed is not None:
        rebuild = {o.code for o in changed if o.code in holdings}
        rebuild |= _stale_organisations(before, cells, hidden) & set(holdings)
    above = areas[areas["level"] != AreaLevel.ORGANISATION]
    above = above.assign(
        level=above["level"].astype(str), published=_area_openness(cells, above, holdings)
    )
    areas_now = set(zip(above["level"], above["area"], strict=True))
    if changed is None or every_area:
        rebuild_areas = areas_now
    else:
        codes = {o.code for o in changed}
        rebuild_areas = _stale_areas(before, above, codes) & areas_now
    known: KnownMeasures = {}
    if changed is not None:
        known = stored_measures(indicator, rebuild, rebuild_areas)
    stored = 0
    by_code = dict(tuple(hidden.groupby("organisation")))
    for code in sorted(rebuild):
        holding = holdings[code]
        rows = organisation_rows(indicator, holding.points, known.get(("organisation", code)))
        rows = withhold(rows, by_code.get(code, hidden[:0]))
        stored += store_organisation(holding.organisation, indicator, rows, holding.returns)
    return stored + store_areas(indicator, above, rebuild_areas, _area_builder(known))


def _area_builder(known: KnownMeasures) -> AreaRows:
    """`_area_rows` for `store_areas`, with each area's stored deprivation measures."""

    def area_rows(
        indicator: Indicator, cells: pd.DataFrame, area: tuple[str, str]
    ) -> list[dict[str, Any]]:
        return _area_rows(indicator, cells, known.get(area))

    return area_rows


def _area_rows(
    indicator: Indicator,
    cells: pd.DataFrame,
    known: Mapping[tuple[str, str], Known] | None = None,
) -> list[dict[str, Any]]:
    """An area's stored rows: category values and the inequality measures, after suppression
    (``known``: its stored deprivation measures, kept where their cells are unchanged)."""
    points = [
        Cell(
            str(r["period"]),
            str(r["breakdown"]),
            str(r["category"]),
            float(r["numerator"]),
            clean(r["denominator"]),
        )
        for r in cells.to_dict("records")
    ]
    raw = category_frame(indicator, points)  # type: ignore[arg-type]
    flags = cells.set_index(KEY)[["suppressed", "suppression_reason", "members"]]
    shown = raw.join(flags, on=KEY)
    shown["withheld_count"] = shown["numerator"].where(shown["suppressed"])
    shown.loc[shown["suppressed"], BLANK] = None
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    rows += deprivation_measures(indicator, raw, shown, known)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw, shown)
    rows += relative_likelihoods(indicator, raw, shown)
    return rows
