"""Signals over periods (SPC, trend test) and storing an indicator's recomputed results."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from equityhub.indicators.compute import (
    apply_disclosure,
    category_frame,
    current_points,
    deprivation_measures,
    unknown_shares,
)
from equityhub.indicators.compute_who import ethnicity_measures
from equityhub.indicators.models import Indicator, Result, Signal
from equityhub.stats.spc import xmr
from equityhub.stats.trend import TOO_FEW, inequality_trend

Z95 = 1.959963984540054
RESULT_FIELDS = (
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "se",
)


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


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
    frame = pd.DataFrame([m for m in measures if m.get("kind") == "sii" and not m["suppressed"]])
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


def _result(
    organisation: Any, indicator: Indicator, row: dict[str, Any], returns: dict[str, Any]
) -> Result:
    data_return = returns[row["period"]]
    return Result(
        organisation=organisation,
        indicator=indicator,
        data_return=data_return,
        period=row["period"],
        period_number=float(row["period_number"]),
        breakdown=row["breakdown"],
        category=row.get("category") or "",
        kind=row.get("kind", "category"),
        method=str(row.get("method") or "")[:120],
        suppressed=bool(row.get("suppressed", False)),
        suppression_reason=str(row.get("suppression_reason") or "")[:200],
        published=data_return.publish,
        **{name: _clean(row.get(name)) for name in RESULT_FIELDS},
    )


@transaction.atomic
def recompute(organisation: Any, indicator: Indicator) -> int:
    """Replace the organisation's results and signals for one indicator; returns rows stored."""
    Result.objects.filter(organisation=organisation, indicator=indicator).delete()
    Signal.objects.filter(organisation=organisation, indicator=indicator).delete()
    points, returns = current_points(organisation, indicator)
    if not points or not indicator.is_quantitative:
        return 0
    raw = category_frame(indicator, points)
    shown = apply_disclosure(raw)
    rows: list[dict[str, Any]] = shown.to_dict("records")  # type: ignore[assignment]
    rows += deprivation_measures(indicator, raw, shown)
    rows += ethnicity_measures(indicator, raw, shown) + unknown_shares(raw)
    Result.objects.bulk_create(_result(organisation, indicator, row, returns) for row in rows)
    published = all(r.publish for r in returns.values())
    for signal in (overall_signal(indicator, shown), sii_signal(rows)):
        if signal:
            Signal.objects.create(
                organisation=organisation, indicator=indicator, published=published, **signal
            )
    return len(rows)
