"""The annual report's health inequalities section, as a page to copy from or a Word file."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from equityhub.core.views import page
from equityhub.indicators.selectors import has_synthetic_data
from equityhub.indicators.statement import StatementEntry, statement_entries
from equityhub.indicators.views_board import DOCX_TYPE
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of

DASHBOARD = ("Accountability", "/indicators/")


def _docx(organisation: Organisation, entries: list[StatementEntry], synthetic: bool) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Statement on health inequalities", level=0)
    document.add_paragraph(f"{organisation.name} · {timezone.localdate():%d %B %Y}")
    if synthetic:
        document.add_paragraph("Synthetic demonstration data: the figures describe no one.")
    for entry in entries:
        document.add_heading(entry.indicator.name, level=1)
        document.add_paragraph(f"Statement domain: {', '.join(entry.domains)}; {entry.period}.")
        for sentence in entry.sentences:
            document.add_paragraph(sentence, style="List Bullet")
        for breakdown, rows in entry.breakdowns.items():
            document.add_paragraph(breakdown.replace("_", " ").capitalize())
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells, ("Group", "Value", "95% limits"), strict=True
            ):
                cell.text = text
            for label, r in rows:
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = "suppressed" if r.suppressed else f"{r.value:.1f}"
                cells[2].text = (
                    "–" if r.lower_95 is None else f"{r.lower_95:.1f} to {r.upper_95:.1f}"
                )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@login_required
@require_safe
def statement_view(request: HttpRequest, org: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=org)
    if not (is_team_member_of(request.user, organisation) or is_administrator(request.user)):
        raise PermissionDenied
    entries = statement_entries(organisation, request.user)
    synthetic = has_synthetic_data(organisation)
    if request.GET.get("format") == "docx":
        response = HttpResponse(_docx(organisation, entries, synthetic), content_type=DOCX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="health-inequalities-statement-{organisation.code}.docx"'
        )
        return response
    return page(
        request,
        "indicators/statement.jinja",
        f"Statement on health inequalities: {organisation.name}",
        organisation=organisation,
        entries=entries,
        synthetic=synthetic,
        breadcrumbs=[DASHBOARD],
    )
