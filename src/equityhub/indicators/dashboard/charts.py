"""Charts as Vega-Lite, rendered on the server (vl-convert) so they work without JavaScript.

Pages show them as images (SVG in a data URI, allowed by the content security policy) with the
data table under each; the Word board paper takes PNGs. Every chart has a text alternative that
points to its table.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from equityhub.indicators.results.models import ResultKind

FONT = "Arial"
BLUE, GREY, ORANGE, DARK = "#005eb8", "#768692", "#ed8b00", "#212b32"
VARIATION_COLOURS = {
    "special cause improvement": BLUE,
    "special cause concern": ORANGE,
    "special cause neither high": "#7c2855",
    "special cause neither low": "#7c2855",
    "common cause": GREY,
}


def _base(title: str, values: list[dict[str, Any]], layers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 560,
        "height": 220,
        "data": {"values": values},
        "layer": layers,
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 11, "titleFontSize": 12},
            "title": {"fontSize": 13, "anchor": "start"},
        },
    }


def spc_spec(signal: Any, title: str, unit: str = "") -> dict[str, Any] | None:
    """An XmR chart: values over periods, the mean and the process limits, coloured points."""
    spc = signal.spc or {}
    periods, values = spc.get("periods") or [], spc.get("values") or []
    if len(values) < 2:
        return None
    variation = spc.get("variation") or ["common cause"] * len(values)
    rows = [
        {"period": p, "value": v, "variation": str(k), "order": i}
        for i, (p, v, k) in enumerate(zip(periods, values, variation, strict=False))
    ]
    x = {"field": "period", "type": "ordinal", "sort": None, "title": "Period"}
    y_title = f"Value ({unit})" if unit else "Value"
    rules = [
        {
            "mark": {"type": "rule", "color": DARK, "strokeDash": dash},
            "encoding": {"y": {"datum": v}},
        }
        for v, dash in (
            (spc.get("mean"), [1, 0]),
            (spc.get("lower_limit"), [4, 4]),
            (spc.get("upper_limit"), [4, 4]),
        )
        if v is not None
    ]
    return _base(
        title,
        rows,
        [
            {
                "mark": {"type": "line", "color": GREY},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": y_title},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 60},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative"},
                    "color": {
                        "field": "variation",
                        "type": "nominal",
                        "title": "Variation",
                        "scale": {
                            "domain": list(VARIATION_COLOURS),
                            "range": list(VARIATION_COLOURS.values()),
                        },
                    },
                },
            },
            *rules,
        ],
    )


def interval_spec(results: list[Any], title: str, y_title: str) -> dict[str, Any] | None:
    """Values over periods with their 95% limits (suppressed or withheld ones left out)."""
    rows = [
        {"period": r.period, "value": r.value, "lower": r.lower_95, "upper": r.upper_95}
        for r in sorted(results, key=lambda r: r.period_number)
        if not r.suppressed and r.value is not None
    ]
    if not rows:
        return None
    x = {"field": "period", "type": "ordinal", "sort": None, "title": "Period"}
    return _base(
        title,
        rows,
        [
            {
                "mark": {"type": "rule", "color": DARK, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "lower", "type": "quantitative", "title": y_title},
                    "y2": {"field": "upper"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70, "color": BLUE},
                "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}},
            },
        ],
    )


def sii_spec(measures: list[Any], title: str, unit: str = "") -> dict[str, Any] | None:
    """The slope index of inequality over periods with its 95% limits, and the zero line; the
    axis names its unit (percentage points for a percentage)."""
    axis = f"Slope index of inequality ({unit})" if unit else "Slope index of inequality"
    spec = interval_spec([m for m in measures if m.kind == ResultKind.SII], title, axis)
    if spec is not None:
        spec["layer"].insert(
            0, {"mark": {"type": "rule", "color": GREY}, "encoding": {"y": {"datum": 0}}}
        )
    return spec


@functools.lru_cache(maxsize=512)
def _svg(spec_json: str) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def svg(spec: dict[str, Any]) -> str:
    return _svg(json.dumps(spec, sort_keys=True))


def data_uri(spec: dict[str, Any] | None) -> str:
    """The chart as an SVG data URI for an <img>, or "" when there is nothing to draw."""
    if spec is None:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg(spec).encode()).decode()


@functools.lru_cache(maxsize=128)
def _png(spec_json: str) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(json.loads(spec_json), scale=2))


def png(spec: dict[str, Any]) -> bytes:
    """The chart as a PNG at twice its size (for Word papers); the same chart is drawn once per
    process, as an SVG is."""
    return _png(json.dumps(spec, sort_keys=True))
