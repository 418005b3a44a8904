"""Gap, ratio, slope and relative index of inequality between deprivation groups, per period.

The SII and RII limits are Monte Carlo (PHEindicatormethods' method, 100,000 draws of every
quantile): most of a recomputation's arithmetic. They are not drawn when nothing would come of
it. A period whose measures are withheld (a cell of the breakdown is suppressed) is written
blank without computing them, as it would be after computing them. A period whose quantile cells
are exactly those its stored measures were computed from (`stored_measures`) keeps its stored SII
and RII: the simulation is seeded, so drawing again gives the same figures.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Q

from equityhub.indicators.registry.categories import is_unknown
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.bulk import clean
from equityhub.indicators.results.compute import LEVELS, stored_estimate
from equityhub.indicators.results.models import Result, ResultKind
from equityhub.stats.estimates import sii_estimates
from equityhub.stats.shapes import ValueType

SII_METHOD = (
    "Slope index of inequality: weighted regression on cumulative population mid-points, "
    "Monte Carlo limits (PHEindicatormethods phe_sii)"
)
RII_METHOD = "Relative index of inequality (most ÷ least deprived end)"
LAST_QUANTILE = {"deprivation_decile": 10, "deprivation_quintile": 5}
#: The scale each indicator type's values live on, for the SII and RII (identity otherwise).
VALUE_TYPES = {
    "proportion": ValueType.PROPORTION,
    "crude_rate": ValueType.RATE,
    "isr": ValueType.RATE,
    "dsr": ValueType.RATE,
}
#: What the SII of a period is computed from, for each quantile cell.
INPUTS = ["quantile", "numerator", "denominator", "value", "lower_95", "upper_95", "method"]
FIGURES = ["value", "se", "lower_95", "upper_95", "lower_998", "upper_998"]
Inputs = tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Known:
    """A period's stored SII and RII rows and the quantile cells they were computed from."""

    inputs: Inputs | None
    sii: dict[str, Any]
    rii: dict[str, Any]


#: Per area (an organisation's code, or a level and code), per (period, breakdown).
KnownMeasures = dict[tuple[str, str], dict[tuple[str, str], Known]]


def _inputs(rows: Iterable[Sequence[Any]]) -> Inputs | None:
    """Cells in quantile order, each figure as stored (NaN and missing alike); None when a
    quantile is not a whole number (such cells are never matched)."""
    try:
        cells = sorted((int(row[0]), *row[1:]) for row in rows)
    except (TypeError, ValueError):
        return None
    return tuple(
        (quantile, *(clean(v) for v in figures), str(method or ""))
        for quantile, *figures, method in cells
    )


def stored_measures(
    indicator: Indicator, organisations: Iterable[str], areas: Iterable[tuple[str, str]]
) -> KnownMeasures:
    """The published SII and RII of these organisations and areas with their cells, by period.

    Only periods shown (not suppressed) are read: every cell of a shown measure was shown too,
    so its inputs are on record.
    """
    codes, places = set(organisations), set(areas)
    wanted = {("organisation", code) for code in codes} | places
    whose = Q(organisation__code__in=sorted(codes)) | Q(
        organisation__isnull=True, area_code__in=sorted({code for _, code in places})
    )
    found: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = {}
    rows = Result.objects.filter(
        whose, indicator=indicator, breakdown__in=list(LAST_QUANTILE), suppressed=False,
        kind__in=[ResultKind.CATEGORY, ResultKind.SII, ResultKind.RII],
    ).values_list(
        "organisation__code", "area_level", "area_code", "period", "breakdown", "category",
        "kind", "numerator", "denominator", "value", "lower_95", "upper_95", "method",
        "se", "lower_998", "upper_998",
    )  # fmt: skip
    for code, level, area, period, breakdown, category, kind, *figures in rows.iterator(
        chunk_size=10_000
    ):
        owner = ("organisation", code) if code else (str(level), area)
        if owner not in wanted:
            continue
        period_rows = found.setdefault(owner, {}).setdefault(
            (period, breakdown), {"cells": [], "sii": None, "rii": None}
        )
        if kind == ResultKind.CATEGORY:
            if not is_unknown(category):
                period_rows["cells"].append((category, *figures[:6]))
            continue
        value, lower_95, upper_95, method, se, lower_998, upper_998 = figures[2:]
        period_rows[kind] = {
            "kind": kind, "value": value, "se": se, "lower_95": lower_95, "upper_95": upper_95,
            "lower_998": lower_998, "upper_998": upper_998, "method": method,
        }  # fmt: skip
    return {
        owner: {
            key: Known(_inputs(rows["cells"]), rows["sii"], _without_se(rows["rii"]))
            for key, rows in periods.items()
            if rows["sii"] is not None and rows["rii"] is not None
        }
        for owner, periods in found.items()
    }


def _without_se(row: dict[str, Any]) -> dict[str, Any]:
    """The RII is stored without a standard error; its computed row has none either."""
    return {name: value for name, value in row.items() if name != "se"}


def _deprivation_table(frame: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """Known quantiles of one deprivation breakdown, in periods where every quantile is present."""
    last = LAST_QUANTILE[breakdown]
    rows = frame[(frame["breakdown"] == breakdown) & ~frame["category"].map(is_unknown)].copy()
    rows["quantile"] = rows["category"].astype(int)
    complete = rows.groupby("period")["quantile"].transform("nunique") == last
    usable = rows["value"].notna() & rows["lower_95"].notna() & rows["denominator"].notna()
    keep = complete & usable.groupby(rows["period"]).transform("all")
    return rows[keep]


#: SII and RII rows drawn in this process, by everything they are drawn from. The simulation is
#: seeded, so the same cells give the same figures to the last bit: a system shown from its
#: board's own return has the board's cells, and is not drawn again.
_DRAWN: dict[tuple[object, ...], tuple[dict[str, Any], ...]] = {}
_DRAWN_LIMIT = 4096
#: What a period's SII is drawn from, besides the indicator's scale and value type.
DRAWN_FROM = ["quantile", "denominator", "value", "lower_95", "upper_95"]


def _estimates(indicator: Indicator, table: pd.DataFrame) -> dict[str, tuple[dict[str, Any], ...]]:
    """The SII and RII rows of each period of the table: those drawn before from the same
    cells (`_DRAWN`), the others in one call to the engine."""
    if table.empty:
        return {}
    scale = indicator.multiplier if indicator.type == "proportion" else 1.0
    value_type = VALUE_TYPES.get(indicator.type, ValueType.IDENTITY)
    labels = table["period"].astype(str).to_numpy()
    figures = table[DRAWN_FROM].to_numpy(dtype=float)
    keys = {
        period: (value_type.value, scale, tuple(map(tuple, figures[labels == period].tolist())))
        for period in dict.fromkeys(labels.tolist())
    }
    found = {period: _DRAWN[key] for period, key in keys.items() if key in _DRAWN}
    drawn = _draw(table[~np.isin(labels, list(found))], scale, value_type)
    if len(_DRAWN) + len(drawn) > _DRAWN_LIMIT:
        _DRAWN.clear()
    _DRAWN.update((keys[period], rows) for period, rows in drawn.items())
    return {period: tuple(dict(row) for row in rows) for period, rows in {**found, **drawn}.items()}


def _draw(
    table: pd.DataFrame, scale: float, value_type: ValueType
) -> dict[str, tuple[dict[str, Any], ...]]:
    """The SII and RII rows of each period of the table, in one call to the engine."""
    if table.empty:
        return {}
    data = table.assign(
        v=table["value"] / scale, lo=table["lower_95"] / scale, hi=table["upper_95"] / scale
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = sii_estimates(
            data,
            by="period",
            quantile="quantile",
            population="denominator",
            value="v",
            lower_cl="lo",
            upper_cl="hi",
            value_type=value_type,
            multiplier=-scale,
            confidence=LEVELS,
            rii=True,
            workers=1,
        )
    return {
        str(group.keys["period"]): (
            stored_estimate(group.sii, method=SII_METHOD, with_se=True),
            *([stored_estimate(group.rii, method=RII_METHOD)] if group.rii is not None else []),
        )
        for group in found
    }


def deprivation_measures(
    indicator: Indicator,
    raw: pd.DataFrame,
    shown: pd.DataFrame,
    known: Mapping[tuple[str, str], Known] | None = None,
) -> list[dict[str, Any]]:
    """Gap, ratio (most ÷ least deprived), SII and RII per period, from the unsuppressed cells.

    ``raw`` holds the values before suppression (the statistics need every cell); a measure is
    withheld when any cell it is built from is suppressed in ``shown``. ``known`` gives stored
    measures by (period, breakdown), kept where their cells are the same as now.
    """
    known = known or {}
    out: list[dict[str, Any]] = []
    for breakdown in LAST_QUANTILE:
        table = _deprivation_table(raw, breakdown)
        if table.empty:
            continue
        hidden = shown[(shown["breakdown"] == breakdown) & shown["suppressed"].astype(bool)]
        withheld = set(hidden["period"])
        # One pass over the table, sorted by period then quantile: each period is a slice.
        table = table.sort_values(["period", "quantile"], ignore_index=True)
        labels = table["period"].astype(str).to_numpy()
        periods, starts = np.unique(labels, return_index=True)
        ends = [*starts[1:].tolist(), len(table)]
        cells = list(table[INPUTS].itertuples(index=False, name=None))
        values = table["value"].to_numpy(dtype=float)
        numbers = table["period_number"].to_numpy()
        kept = {}
        for period, start, end in zip(periods.tolist(), starts.tolist(), ends, strict=True):
            stored = known.get((period, breakdown))
            if period in withheld or stored is None or stored.inputs is None:
                continue
            if stored.inputs == _inputs(cells[start:end]):
                kept[period] = (dict(stored.sii), dict(stored.rii))
        wanted = table[~table["period"].isin(withheld | set(kept))]
        estimates = {**_estimates(indicator, wanted), **kept}
        blank = ({"kind": ResultKind.SII.value, "method": SII_METHOD},
                 {"kind": ResultKind.RII.value, "method": RII_METHOD})  # fmt: skip
        for period, start, end in zip(periods.tolist(), starts.tolist(), ends, strict=True):
            most, least = float(values[start]), float(values[end - 1])
            common = {
                "period": period,
                "period_number": numbers[start],
                "breakdown": breakdown,
                "category": "",
                "suppressed": period in withheld,
                "suppression_reason": "secondary: built from a suppressed cell"
                if period in withheld
                else "",
            }
            out += [
                {**common, "kind": ResultKind.GAP.value, "value": most - least,
                 "method": "difference"},
                {**common, "kind": ResultKind.RATIO.value,
                 "value": most / least if least else np.nan, "method": "ratio"},
            ]  # fmt: skip
            out += [{**common, **row} for row in estimates.get(period, blank)]
    for row in out:
        if row["suppressed"]:
            for name in FIGURES:
                row[name] = None
    return out
