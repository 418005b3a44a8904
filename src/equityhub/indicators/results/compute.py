"""Computing an organisation's results for one indicator from its current committed data.

Every figure comes from `equityhub.stats`: category values with 95% and 99.8% limits
(Wilson for proportions, Byars or exact Poisson for rates and ratios), the gap and ratio between
the most and least deprived groups, the slope and relative index of inequality, the share of
unknown or not stated, an XmR chart of the overall value, and the trend test of the SII.
Disclosure control (small-number suppression with secondary suppression) runs over each
period's whole protected set before anything is stored, so pages, downloads and the API can
only show what survived it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from equityhub.indicators.registry.categories import is_unknown
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.disclosure import protect_counts
from equityhub.indicators.results.models import ResultKind
from equityhub.indicators.returns.models import DataPoint, DataReturn
from equityhub.stats.estimates import Estimate
from equityhub.stats.indicators import proportion, rate

LEVELS = (0.95, 0.998)
BLANKED = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]
COLUMNS = [
    "period",
    "period_number",
    "breakdown",
    "category",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "method",
]


def current_points(
    organisation: Any, indicator: Indicator
) -> tuple[list[DataPoint], dict[str, DataReturn]]:
    """The points that count now: for each period, those of the latest committed return.

    Also gives the return each period's points come from.
    """
    returns = list(
        DataReturn.objects.committed()
        .filter(organisation=organisation, points__indicator=indicator)
        .distinct()
        .order_by("-committed_at", "-pk")
    )
    chosen: dict[str, DataReturn] = {}
    for data_return in returns:
        for period in data_return.points.filter(indicator=indicator).values_list(
            "period", flat=True
        ):
            chosen.setdefault(period, data_return)
    points = [
        point
        for period, data_return in chosen.items()
        for point in data_return.points.filter(indicator=indicator, period=period)
    ]
    return points, chosen


@dataclass(frozen=True)
class Holding:
    """One organisation's current points for an indicator and the return of each period."""

    organisation: Any
    points: list[Any]
    returns: dict[str, DataReturn]


@dataclass(frozen=True)
class Cell:
    """A cell shaped like a data point (what `category_frame` reads), without a model instance."""

    period: str
    breakdown: str
    category: str
    numerator: float | None
    denominator: float | None
    value: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None


def national_points(indicator: Indicator) -> dict[str, Holding]:
    """Every organisation's current points for one indicator, by organisation code, in three
    queries: for each organisation and period, the points of its latest committed return (as
    `current_points` chooses them)."""
    from equityhub.people.models import Organisation

    returns = list(
        DataReturn.objects.committed()
        .filter(points__indicator=indicator)
        .distinct()
        .order_by("-committed_at", "-pk")
    )
    by_id = {r.pk: r for r in returns}
    periods: dict[int, set[str]] = {}
    for return_id, period in (
        DataPoint.objects.filter(indicator=indicator, data_return_id__in=list(by_id))
        .values_list("data_return_id", "period")
        .distinct()
    ):
        periods.setdefault(return_id, set()).add(period)
    chosen: dict[int, dict[str, DataReturn]] = {}
    for data_return in returns:
        mine = chosen.setdefault(data_return.organisation_id, {})
        for period in sorted(periods.get(data_return.pk, ())):
            mine.setdefault(period, data_return)
    wanted = {r.pk for mine in chosen.values() for r in mine.values()}
    points: dict[int, list[Cell]] = {}
    for row in (
        DataPoint.objects.filter(indicator=indicator, data_return_id__in=list(wanted))
        .order_by("pk")
        .values_list(
            "data_return_id", "period", "breakdown", "category", "numerator", "denominator",
            "value", "lower_95", "upper_95",
        )
    ):  # fmt: skip
        organisation_id = by_id[row[0]].organisation_id
        if chosen[organisation_id][row[1]].pk == row[0]:
            points.setdefault(organisation_id, []).append(Cell(*row[1:]))
    organisations = Organisation.objects.filter(pk__in=list(chosen)).select_related(
        "system", "system__region", "region"
    )
    return {
        o.code: Holding(o, points.get(o.pk, []), chosen[o.pk])
        for o in organisations
        if points.get(o.pk)
    }


def _period_numbers(points: list[DataPoint]) -> dict[str, float]:
    from equityhub.indicators.registry.categories import parse_period

    return {p.period: parsed[1] for p in points if (parsed := parse_period(p.period))}


def category_frame(indicator: Indicator, points: list[DataPoint]) -> pd.DataFrame:
    """One row per period, breakdown and category with its value and limits."""
    numbers = _period_numbers(points)
    frame = pd.DataFrame(
        [
            {
                "period": p.period,
                "period_number": numbers[p.period],
                "breakdown": p.breakdown,
                "category": p.category,
                "numerator": p.numerator,
                "denominator": p.denominator,
                "value": p.value,
                "lower_95": p.lower_95,
                "upper_95": p.upper_95,
            }
            for p in points
        ],
        columns=COLUMNS[:9],
    )
    frame["lower_998"] = np.nan
    frame["upper_998"] = np.nan
    frame["method"] = "as supplied"
    counted = frame["numerator"].notna() & frame["denominator"].notna()
    if indicator.type == "count":
        frame.loc[frame["value"].isna(), "value"] = frame["numerator"]
        frame.loc[frame["value"].notna(), "method"] = "count"
    elif indicator.type in ("proportion", "crude_rate", "isr") and counted.any():
        x = frame.loc[counted, "numerator"].to_numpy(float)
        n = frame.loc[counted, "denominator"].to_numpy(float)
        if indicator.type == "proportion":
            result: Any = proportion(x, n, confidence=LEVELS, multiplier=indicator.multiplier)
            method: Any = "Wilson score"
        else:
            result = rate(x, n, confidence=LEVELS, multiplier=indicator.multiplier)
            method = [f"{m} (Poisson)" for m in result.method]
        frame.loc[counted, "value"] = result.value
        for level, suffix in zip(LEVELS, ("95", "998"), strict=True):
            frame.loc[counted, f"lower_{suffix}"] = result.lower[level]
            frame.loc[counted, f"upper_{suffix}"] = result.upper[level]
        frame.loc[counted, "method"] = method
    return frame.sort_values(["period_number", "breakdown", "category"], ignore_index=True)


def apply_disclosure(frame: pd.DataFrame) -> pd.DataFrame:
    """Suppress counts below 10 and every cell that would give one away, per period."""
    frame = frame.copy()
    frame["suppressed"] = False
    frame["suppression_reason"] = ""
    counted = frame[frame["numerator"].notna()]
    if not counted.empty:
        flags = protect_counts(
            counted.assign(area="this organisation"), within=["period"], area="area"
        )
        frame.loc[flags.index, "suppressed"] = flags["suppressed"]
        frame.loc[flags.index, "suppression_reason"] = flags["suppression_reason"]
        frame["withheld_count"] = frame["numerator"].where(frame["suppressed"].astype(bool))
        frame.loc[frame["suppressed"], BLANKED] = np.nan
    return frame


def stored_estimate(estimate: Estimate, *, method: str, with_se: bool = False) -> dict[str, Any]:
    """An engine estimate as a stored result row holds it: kind, value, SE, 95%, 99.8% limits.

    Everything is read from the typed :class:`~equityhub.stats.estimates.Estimate`, never from
    engine column names. Its kind is the :class:`ResultKind` of the engine's measure, so a
    measure the platform does not know is refused here instead of stored where no page looks.
    Limits at a level the estimate was not computed at are left empty.
    """
    row: dict[str, Any] = {"kind": ResultKind(estimate.measure).value, "value": estimate.value}
    if with_se:
        row["se"] = estimate.se
    for level, suffix in zip(LEVELS, ("95", "998"), strict=True):
        row[f"lower_{suffix}"], row[f"upper_{suffix}"] = _limits_at(estimate, level)
    return {**row, "method": method}


def _limits_at(estimate: Estimate, level: float) -> tuple[float | None, float | None]:
    """The estimate's limits at a level (matched as the estimate matches it), or none."""
    try:
        return estimate.confidence_interval(level)
    except ValueError:  # not computed at this level
        return None, None


def unknown_shares(frame: pd.DataFrame, shown: pd.DataFrame) -> list[dict[str, Any]]:
    """Per period and breakdown: the percentage of the denominator (or count) in unknown groups.

    Withheld when an unknown group's cell is suppressed: the share would give its count away.
    Worked out for every period and breakdown at once, over the table sorted by them.
    """
    unknown_flags = _unknown_flags(shown["category"])
    hidden = shown[shown["suppressed"].astype(bool) & unknown_flags]
    withheld = set(zip(hidden["period"], hidden["breakdown"], strict=True))
    split = frame[frame["breakdown"] != "overall"]
    if split.empty:
        return []
    split = split.sort_values(["period", "breakdown"], kind="stable", ignore_index=True)
    periods = split["period"].to_numpy(dtype=object)
    breakdowns = split["breakdown"].to_numpy(dtype=object)
    turns = (periods[1:] != periods[:-1]) | (breakdowns[1:] != breakdowns[:-1])
    starts = np.concatenate([[0], np.flatnonzero(turns) + 1])
    denominator = split["denominator"].to_numpy(dtype=float)
    numerator = split["numerator"].to_numpy(dtype=float)
    unknown = _unknown_flags(split["category"]).to_numpy(dtype=bool)
    # A group's base is its denominators when every cell has one, else its counts.
    out = []
    for start, end in zip(starts.tolist(), [*starts[1:].tolist(), len(split)], strict=True):
        base = denominator[start:end]
        if np.isnan(base).any():
            base = numerator[start:end]
        # Summed as pandas summed each group's column (numpy, in row order): the same figure.
        total = base.sum()
        if np.isnan(base).any() or total <= 0:
            continue
        period, breakdown = periods[start], breakdowns[start]
        suppressed = (period, breakdown) in withheld
        out.append(
            {
                "period": period,
                "period_number": split["period_number"].iat[start],
                "breakdown": breakdown,
                "category": "",
                "kind": ResultKind.UNKNOWN_SHARE.value,
                "value": None if suppressed else 100 * base[unknown[start:end]].sum() / total,
                "suppressed": suppressed,
                "suppression_reason": "secondary: would give a suppressed unknown count away"
                if suppressed
                else "",
                "method": "share of the denominator in unknown groups",
            }
        )
    return out


def _unknown_flags(categories: pd.Series) -> pd.Series:
    """Whether each category is an unknown group (each distinct label checked once)."""
    return categories.map({c: is_unknown(c) for c in categories.unique()}).astype(bool)
