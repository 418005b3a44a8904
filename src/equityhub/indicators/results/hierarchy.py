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

This module builds those tables in memory; `recompute` reads the returns and stores the results.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from equityhub.indicators.registry.categories import is_unknown, parse_period
from equityhub.indicators.results.compute import (
    Cell,
    Holding,
)
from equityhub.indicators.results.disclosure import Earlier, protect_counts
from equityhub.indicators.results.models import ENGLAND, AreaLevel, ResultKind
from equityhub.indicators.results.store import (
    BLANK,
    KEY,
)

__all__ = ["KEY", "Cell", "area_tables", "protect"]

COUNTED_TYPES = ("proportion", "crude_rate", "count")
SUMMED = [*KEY, "period_number", "numerator", "denominator"]
#: Every kind of result that is a measure built from categories (all but the categories).
MEASURE_KINDS = tuple(kind.value for kind in ResultKind if kind != ResultKind.CATEGORY)
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
    )
    summed["members"] = _unions(grouped.ngroup().to_numpy(), frame["members"], len(summed))
    summed.loc[summed["no_denominator"], "denominator"] = float("nan")
    return summed.drop(columns="no_denominator").rename(columns={by: "area"})


def _unions(groups: np.ndarray, members: pd.Series, count: int) -> list[str]:
    """Each group's member codes, sorted and joined by spaces: one pass over the rows (a
    pandas aggregation called Python once per group), each distinct set joined once."""
    found: list[set[str]] = [set() for _ in range(count)]
    for group, text in zip(groups.tolist(), [str(t) for t in members.tolist()], strict=True):
        found[group].update(text.split())
    joined: dict[frozenset[str], str] = {}
    out = []
    for codes in found:
        key = frozenset(codes)
        if key not in joined:
            joined[key] = " ".join(sorted(codes))
        out.append(joined[key])
    return out


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
