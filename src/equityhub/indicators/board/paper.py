"""The board paper: one section per adopted indicator, with findings drafted from the statistics.

The findings follow the drafting rules in `findings` (the tested quantity with its interval and
unit, who is worse off in words, withheld rather than missing, the control chart's rules), so the
paper says what the indicator page says.

`paper_document` turns a paper's figures (see `board.selectors`), narrative and actions into one
document, which `render_pdf` (typst) and `render_docx` (python-docx) print and the page shows:
each section has the overall value, the slope index of inequality and the control chart, each
with a text alternative and the table of its figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from equityhub.indicators.board import paper_front as front
from equityhub.indicators.board.models import ActionProgress
from equityhub.indicators.dashboard import charts, findings, glossary
from equityhub.indicators.dashboard.targets import status_label


def _figure(value: float | None, unit: str | None = "") -> str:
    if value is None:
        return "–"
    return f"{value:.1f}{(' ' + unit) if unit and unit != '%' else (unit or '')}"


def shown_figure(result: findings.Figure | None, unit: str | None = "") -> str:
    """A stored figure as printed: suppressed ones say so, never a number."""
    if result is not None and result.suppressed:
        return "suppressed (small numbers)"
    return _figure(result.value if result is not None else None, unit)


TEMPLATE = Path(__file__).parent.parent / "typst" / "board_paper.typ"
METHODS = [
    "Proportions: Wilson score 95% and 99.8% confidence limits.",
    "Rates and indirectly standardised ratios: Byars, or exact Poisson for small counts.",
    "Slope and relative index of inequality: weighted regression on cumulative population "
    "mid-points with Monte Carlo limits (PHEindicatormethods phe_sii); positive = higher at the "
    "most deprived end.",
    "Trends in inequality: inverse-variance weighted regression over periods of the slope index "
    "of inequality (absolute) and of the logarithm of the relative index (relative); the slope a "
    "year is quoted with its 95% confidence interval.",
    "Statistical process control: XmR chart with the NHS England Making Data Count (2019) rules: "
    "a point beyond the process limits, 7 points in a row on one side of the mean, 6 in a row "
    "rising or falling, 2 of 3 beyond two sigma on the same side; limits are provisional with "
    "fewer than 15 points.",
    "Disclosure control: counts below 10 suppressed with secondary suppression; measures built "
    "from a suppressed cell withheld.",
    "Qualitative indicators: the team's rating from 1 (not started) to 5 (embedded), with the "
    "evidence it rests on; the latest judgement for each period is shown.",
]


def _limits(row: dict[str, Any]) -> str:
    if row.get("lower") is None or row.get("upper") is None:
        return "–"
    return f"{row['lower']:.1f} to {row['upper']:.1f}"


def _table(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "period": r["period"],
            "value": "suppressed (small numbers)" if r["suppressed"] else _figure(r["value"]),
            "limits": _limits(r),
        }
        for r in rows
    ]


def _results(rows: list[dict[str, Any]], kind: str = "category") -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            period=r["period"],
            period_number=r["period_number"],
            value=r["value"],
            lower_95=r["lower"],
            upper_95=r["upper"],
            suppressed=r["suppressed"],
            kind=kind,
        )
        for r in rows
    ]


def _charts(section: dict[str, Any]) -> list[dict[str, Any]]:
    """The section's three charts (those with something to draw), each with its table."""
    name, unit = section["name"], section["unit"]
    difference = section.get("difference_unit") or unit
    found: list[dict[str, Any]] = []
    overall = charts.interval_spec(
        _results(section["rows"]), f"{name}: overall value", f"Value ({unit})" if unit else "Value"
    )
    if overall:
        found.append(
            {
                "title": "Overall value",
                "alt": f"{name}: the overall value by period with 95% confidence limits; "
                "the figures are in the table below.",
                "spec": overall,
                "columns": ["Period", f"Value ({unit})" if unit else "Value", "95% limits"],
                "rows": [[r["period"], r["value"], r["limits"]] for r in _table(section["rows"])],
            }
        )
    sii = charts.sii_spec(
        _results(section["sii"], "sii"), f"{name}: slope index of inequality", difference
    )
    if sii:
        found.append(
            {
                "title": "Slope index of inequality",
                "alt": f"{name}: the slope index of inequality (deprivation) by period with 95% "
                "confidence limits and the line of no inequality; the figures are in the table "
                "below.",
                "spec": sii,
                "columns": ["Period", f"SII ({difference})" if difference else "SII", "95% limits"],
                "rows": [[r["period"], r["value"], r["limits"]] for r in _table(section["sii"])],
            }
        )
    spc = section.get("spc") or {}
    control = charts.spc_spec(SimpleNamespace(spc=spc), f"{name}: control chart", unit)
    if control:
        variation = spc.get("variation") or ["common cause"] * len(spc["values"])
        found.append(
            {
                "title": "Control chart (XmR)",
                "alt": f"{name}: control chart of the overall value with its mean and process "
                "limits, points coloured by the kind of variation; the figures are in the table "
                "below.",
                "spec": control,
                "columns": ["Period", "Value", "Variation"],
                "rows": [
                    [str(p), _figure(v), str(k)]
                    for p, v, k in zip(spc["periods"], spc["values"], variation, strict=False)
                ],
            }
        )
    for chart in found:
        chart["svg"] = charts.svg(chart["spec"])
    return found


def _action(action: dict[str, Any]) -> dict[str, str]:
    progress = action.get("progress") or ActionProgress.NOT_STARTED
    return {
        "text": action.get("text", ""),
        "owner": action.get("owner") or "not named",
        "due": action.get("due") or "–",
        "progress": str(ActionProgress(progress).label),
    }


def paper_document(
    figures: dict[str, Any],
    *,
    title: str,
    organisation: str,
    date: str,
    status: str,
    summary: str = "",
    asks: str = "",
    narratives: dict[str, str] | None = None,
    actions: list[dict[str, Any]] | None = None,
    quick: bool = False,
) -> dict[str, Any]:
    """Everything a paper prints, in the order it prints it (JSON-ready for typst)."""
    narratives = narratives or {}
    sections = [
        {
            **front.with_defaults(s),
            "narrative": narratives.get(s["code"], ""),
            "charts": _charts(s),
        }
        for s in figures["sections"]
    ]
    written = front.asks_of(asks)
    summary_table = [
        {"name": s["name"], **s["summary"], "status": status_label(s["summary"].get("status", ""))}
        for s in figures["sections"]
    ]
    return {
        "quick": quick,
        "asks": written or [front.NO_ASKS],
        "asks_written": bool(written),
        "headlines": front.headlines(sections),
        "contents": front.contents(sections, quick=quick),
        "title": title,
        "organisation": organisation,
        "date": date,
        "status": status,
        "synthetic": bool(figures.get("synthetic")),
        "summary_text": summary,
        "summary": summary_table,
        "summary_rows": front.summary_rows(summary_table),
        "sections": sections,
        "actions": [_action(a) for a in actions or []],
        "methods": METHODS,
        "glossary": [{"term": t.term, "meaning": t.meaning} for t in glossary.TERMS],
    }


def render_pdf(document: dict[str, Any]) -> bytes:
    import typst

    slim = {
        **document,
        "sections": [
            {**s, "charts": [{k: v for k, v in c.items() if k != "spec"} for c in s["charts"]]}
            for s in document["sections"]
        ],
    }
    return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": json.dumps(slim)}))


def render_docx(paper: dict[str, Any]) -> bytes:
    """The same paper as a Word document (boards circulate Word)."""
    from equityhub.indicators.board.paper_docx import paper_docx

    return paper_docx(paper)
