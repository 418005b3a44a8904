"""Signals over periods (SPC, trend test) and storing an indicator's recomputed results."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.bands import band_column
from equityhub.indicators.results.bulk import Row, insert_results, result_values
from equityhub.indicators.results.compute import (
    apply_disclosure,
    category_frame,
    current_points,
    unknown_shares,
)
from equityhub.indicators.results.deprivation import Known, deprivation_measures
from equityhub.indicators.results.models import AreaLevel, Result, ResultKind, Signal
from equityhub.indicators.results.who import ethnicity_measures
from equityhub.indicators.results.workforce import relative_likelihoods
from equityhub.stats.spc import xmr
from equityhub.stats.trend import TOO_FEW, inequality_trend

Z95 = 1.959963984540054
KEY = ["period", "breakdown", "category"]
BLANK = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"]


def spc_reading(periods: list[str], values: list[float], improvement: str) -> dict[str, Any]:
    """The XmR chart of a series as stored for pages: limits and each point's variation."""
    chart = xmr(np.asarray(values), improvement=improvement)  # type: ignore[arg-type]
    return {
        "periods": periods,
        "values": values,
        "mean": chart.mean,
        "lower_limit": chart.lower_limit,
        "upper_limit": chart.upper_limit,
        "variation": [str(v) for v in chart.variation],
        "icon": chart.variation_icon,
    }


def _trend(series: pd.DataFrame, *, null: float, measure: str) -> dict[str, Any]:
    if series["period_number"].nunique() < 2 or not (series["se"] > 0).all():
        return {"trend_verdict": TOO_FEW}
    trend = inequality_trend(
        series["period_number"].to_numpy(float),
        series["value"].to_numpy(float),
        series["se"].to_numpy(float),
        null=null,
        measure=measure,
        unit="year",
    )
    lower, upper = trend.confidence_interval()
    return {
        "trend_slope": float(trend.value),
        "trend_lower": float(lower),
        "trend_upper": float(upper),
        "trend_p": trend.p_value,
        "trend_verdict": trend.verdict,
        "trend_sentence": trend.sentence,
    }


def overall_signal(indicator: Indicator, shown: pd.DataFrame) -> dict[str, Any] | None:
    series = shown[(shown["breakdown"] == "overall") & ~shown["suppressed"].astype(bool)]
    series = series.dropna(subset=["value"]).sort_values("period_number")
    if len(series) < 2:
        return None
    series = series.assign(se=(series["upper_95"] - series["lower_95"]) / (2 * Z95))
    spc = spc_reading(
        list(series["period"]), [float(v) for v in series["value"]], indicator.improvement
    )
    return {
        "measure": "value",
        "breakdown": "overall",
        "variation": spc["icon"],
        "spc": spc,
        **_trend(series.dropna(subset=["se"]), null=0.0, measure="value"),
    }


def sii_signal(measures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Trend test and XmR chart of the SII (deciles if there are any, else quintiles)."""
    frame = pd.DataFrame(
        [m for m in measures if m.get("kind") == ResultKind.SII and not m["suppressed"]]
    )
    if frame.empty:
        return None
    breakdown = (
        "deprivation_decile"
        if (frame["breakdown"] == "deprivation_decile").any()
        else "deprivation_quintile"
    )
    series = frame[frame["breakdown"] == breakdown].sort_values("period_number")
    if len(series) < 2:
        return None
    spc = spc_reading(list(series["period"]), [float(v) for v in series["value"]], "neither")
    return {
        "measure": "sii",
        "breakdown": breakdown,
        "variation": spc["icon"],
        "spc": spc,
        **_trend(series, null=0.0, measure="SII"),
    }


def rii_signal(measures: list[dict[str, Any]], breakdown: str) -> dict[str, Any] | None:
    """Trend test of the RII on the log scale (a ratio changes by a factor, not a step), with
    the standard error read from its 95% limits; no control chart."""
    rows = [
        m
        for m in measures
        if m.get("kind") == ResultKind.RII and m["breakdown"] == breakdown and not m["suppressed"]
        and all((m.get(k) or 0) > 0 for k in ("value", "lower_95", "upper_95"))
    ]  # fmt: skip
    if len(rows) < 2:
        return None
    series = pd.DataFrame(rows).sort_values("period_number")
    series = series.assign(
        value=np.log(series["value"].astype(float)),
        se=(np.log(series["upper_95"].astype(float)) - np.log(series["lower_95"].astype(float)))
        / (2 * Z95),
    )
    return {"measure": "rii", "breakdown": breakdown, **_trend(series, null=0.0, measure="RII")}


def _organisation_values(
    organisation: Any, indicator: Indicator, rows: list[dict[str, Any]], returns: dict[str, Any]
) -> list[Row]:
    """An organisation's rows as stored: each period's from the return it comes from."""
    now = timezone.now()
    return [
        result_values(
            indicator.pk,
            row,
            organisation_id=organisation.pk,
            data_return_id=returns[row["period"]].pk,
            area_level=AreaLevel.ORGANISATION,
            area_code="",
            published=returns[row["period"]].publish,
            computed_at=now,
        )
        for row in rows
    ]


def organisation_rows(
    indicator: Indicator,
    points: list[Any],
    known: Mapping[tuple[str, str], Known] | None = None,
) -> list[dict[str, Any]]:
    """An organisation's rows before the hierarchy: categories after its own disclosure
    control, then the inequality measures and unknown shares built from them (``known``:
    its stored deprivation measures, kept where their cells are unchanged)."""
    raw = category_frame(indicator, points)
    shown = apply_disclosure(raw)
    bands = band_column(indicator, raw)
    if bands is not None:
        shown = shown.assign(band=bands)
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    rows += deprivation_measures(indicator, raw, shown, known)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw, shown)
    rows += relative_likelihoods(indicator, raw, shown)
    return rows


def signals_from_rows(indicator: Indicator, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The SPC and trend signals of the overall value and the SII, from stored-shape rows."""
    columns = ["period", "period_number", "breakdown", "value", "lower_95", "upper_95"]
    categories = pd.DataFrame(
        [r for r in rows if r.get("kind", "category") == "category"],
        columns=[*columns, "suppressed"],
    )
    categories["suppressed"] = categories["suppressed"].fillna(False).astype(bool)
    found = [overall_signal(indicator, categories) if not categories.empty else None]
    sii = sii_signal(rows)
    found += [sii, rii_signal(rows, sii["breakdown"]) if sii else None]
    return [signal for signal in found if signal]


def store_organisation(
    organisation: Any,
    indicator: Indicator,
    rows: list[dict[str, Any]],
    returns: dict[str, Any],
) -> int:
    """Replace the organisation's stored results and signals by these rows and their signals."""
    Result.objects.filter(organisation=organisation, indicator=indicator).delete()
    Signal.objects.filter(organisation=organisation, indicator=indicator).delete()
    insert_results(_organisation_values(organisation, indicator, rows, returns))
    published = all(r.publish for r in returns.values())
    Signal.objects.bulk_create(
        Signal(organisation=organisation, indicator=indicator, published=published, **signal)
        for signal in signals_from_rows(indicator, rows)
    )
    return len(rows)


@transaction.atomic
def recompute(organisation: Any, indicator: Indicator) -> int:
    """Replace the organisation's results and signals for one indicator; returns rows stored.

    Its own disclosure control only: `results.recompute.recompute_national` adds what the
    organisation-system-region-England hierarchy hides.
    """
    points, returns = current_points(organisation, indicator)
    if not points or not indicator.is_quantitative:
        Result.objects.filter(organisation=organisation, indicator=indicator).delete()
        Signal.objects.filter(organisation=organisation, indicator=indicator).delete()
        return 0
    return store_organisation(
        organisation, indicator, organisation_rows(indicator, points), returns
    )


def store_areas(
    indicator: Indicator,
    above: pd.DataFrame,
    rebuild: set[tuple[str, str]],
    area_rows: Callable[[Indicator, pd.DataFrame, tuple[str, str]], list[dict[str, Any]]],
) -> int:
    """Replace the stored results and signals of the areas in ``rebuild``; drop areas gone."""
    present = set(zip(above["level"], above["area"], strict=True))
    where = Q(pk__in=[])
    for gone_level, gone_code in rebuild | _stored_areas(indicator) - present:
        where |= Q(area_level=gone_level, area_code=gone_code)
    Result.objects.filter(where, indicator=indicator, organisation__isnull=True).delete()
    Signal.objects.filter(where, indicator=indicator, organisation__isnull=True).delete()
    results: list[Row] = []
    signals = []
    now = timezone.now()
    for (level, code), group in above.groupby(["level", "area"]):
        level, code = str(level), str(code)
        if (level, code) not in rebuild:
            continue
        published = bool(group["published"].iloc[0])
        rows = area_rows(indicator, group.reset_index(drop=True), (level, code))
        results += [
            result_values(
                indicator.pk,
                row,
                organisation_id=None,
                data_return_id=None,
                area_level=level,
                area_code=code,
                published=published,
                computed_at=now,
            )
            for row in rows
        ]
        signals += [
            Signal(
                organisation=None,
                area_level=level,
                area_code=code,
                indicator=indicator,
                published=published,
                **signal,
            )
            for signal in signals_from_rows(indicator, rows)
        ]
    insert_results(results)
    Signal.objects.bulk_create(signals)
    return len(results)


def _stored_areas(indicator: Indicator) -> set[tuple[str, str]]:
    found = Result.objects.filter(indicator=indicator, organisation__isnull=True)
    return set(found.values_list("area_level", "area_code").distinct())
