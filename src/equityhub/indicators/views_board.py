"""The board paper as a web page and as a PDF (typst, no system packages)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from equityhub.core.views import page
from equityhub.indicators import charts
from equityhub.indicators.boardpaper import Section, board_paper
from equityhub.indicators.models import DataReturn
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of

TEMPLATE = Path(__file__).parent / "typst" / "board_paper.typ"
METHODS = [
    "Proportions: Wilson score 95% and 99.8% confidence limits.",
    "Rates and indirectly standardised ratios: Byars, or exact Poisson for small counts.",
    "Slope and relative index of inequality: weighted regression on cumulative population "
    "mid-points with Monte Carlo limits (PHEindicatormethods phe_sii); positive = higher at the "
    "most deprived end.",
    "Trend of the slope index of inequality: inverse-variance weighted regression over periods.",
    "Statistical process control: XmR chart with the Making Data Count special-cause rules.",
    "Disclosure control: counts below 10 suppressed with secondary suppression; measures built "
    "from a suppressed cell withheld.",
]


def _figure(value: float | None, unit: str = "") -> str:
    return "–" if value is None else f"{value:.1f}{(' ' + unit) if unit and unit != '%' else unit}"


def _shown(result: Any, unit: str = "") -> str:
    """A stored figure as printed: suppressed ones say so, never a number."""
    if result is not None and result.suppressed:
        return "suppressed (small numbers)"
    return _figure(result.value if result is not None else None, unit)


def _json(organisation: Organisation, sections: list[Section], synthetic: bool) -> str:
    def summary(s: Section) -> dict[str, str]:
        t = s.tile
        return {
            "name": t.indicator.name,
            "latest": _shown(t.latest, t.indicator.unit),
            "gap": _shown(t.gap),
            "variation": t.spc,
            "status": t.status.status,
        }

    def section(s: Section) -> dict[str, Any]:
        t = s.tile
        kind = "Performance metric" if t.indicator.is_performance else "Inequality indicator"
        rows = [
            {
                "period": r.period,
                "value": _shown(r),
                "limits": "–" if r.lower_95 is None else f"{r.lower_95:.1f} to {r.upper_95:.1f}",
            }
            for r in s.table
        ]
        chart = s.chart
        return {
            "chart_svg": charts.svg(chart) if chart else "",
            "name": t.indicator.name,
            "kind": kind,
            "owner": str(t.adoption.owner or "not named"),
            "findings": s.findings,
            "rows": rows,
        }

    return json.dumps(
        {
            "title": "Health inequalities: board report",
            "organisation": organisation.name,
            "date": f"{timezone.localdate():%d %B %Y}",
            "synthetic": synthetic,
            "summary": [summary(s) for s in sections],
            "sections": [section(s) for s in sections],
            "methods": METHODS,
        }
    )


def render_pdf(organisation: Organisation, sections: list[Section], synthetic: bool) -> bytes:
    import typst

    data = _json(organisation, sections, synthetic)
    return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data}))


def render_docx(organisation: Organisation, sections: list[Section], synthetic: bool) -> bytes:
    """The same paper as a Word document (boards circulate Word)."""
    import io

    from docx import Document

    data = json.loads(_json(organisation, sections, synthetic))
    document = Document()
    document.add_heading(data["title"], level=0)
    document.add_paragraph(f"{data['organisation']} · {data['date']}")
    if synthetic:
        document.add_paragraph(
            "Synthetic demonstration data: the figures are made up and describe no real "
            "organisation."
        ).runs[0].bold = True
    document.add_heading("Summary", level=1)
    headers = ["Indicator", "Latest", "Deprivation gap", "Variation", "Target"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in data["summary"]:
        cells = table.add_row().cells
        for cell, key in zip(cells, ("name", "latest", "gap", "variation", "status"), strict=True):
            cell.text = row[key]
    for section in data["sections"]:
        document.add_heading(section["name"], level=1)
        document.add_paragraph(f"{section['kind']} · owner: {section['owner']}")
        for finding in section["findings"]:
            document.add_paragraph(finding, style="List Bullet")
        if section["chart_svg"]:
            from docx.shared import Inches

            chart = next(s.chart for s in sections if s.tile.indicator.name == section["name"])
            if chart:
                document.add_picture(io.BytesIO(charts.png(chart)), width=Inches(6))
                document.add_paragraph(
                    "Chart: the overall value by period with 95% confidence limits; the "
                    "figures are in the table below."
                )
        if section["rows"]:
            values = document.add_table(rows=1, cols=3)
            values.style = "Table Grid"
            for cell, text in zip(
                values.rows[0].cells, ("Period", "Value", "95% limits"), strict=True
            ):
                cell.text = text
            for row in section["rows"]:
                cells = values.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = (
                    row["period"],
                    row["value"],
                    row["limits"],
                )
    document.add_heading("Methods", level=1)
    for method in data["methods"]:
        document.add_paragraph(method, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def board_paper_view(request: HttpRequest, org: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=org)
    if not (is_team_member_of(request.user, organisation) or is_administrator(request.user)):
        raise PermissionDenied
    sections = board_paper(organisation, request.user)
    synthetic = DataReturn.objects.filter(
        organisation=organisation, is_synthetic=True, status="committed"
    ).exists()
    if request.GET.get("format") == "pdf":
        response = HttpResponse(
            render_pdf(organisation, sections, synthetic), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="board-paper-{organisation.code}.pdf"'
        )
        return response
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            render_docx(organisation, sections, synthetic), content_type=DOCX_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="board-paper-{organisation.code}.docx"'
        )
        return response
    return page(
        request,
        "indicators/board_paper.jinja",
        "Health inequalities: board report",
        organisation=organisation,
        sections=sections,
        synthetic=synthetic,
        methods=METHODS,
        breadcrumbs=[("Accountability", "/indicators/")],
    )
