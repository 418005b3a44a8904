"""The annual report's health inequalities section: a page with the team's narrative and the
drafted figures, an edit page (each save a new version), and a Word file."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.pages import page, posted
from equityhub.indicators.board import services as services_board
from equityhub.indicators.board.forms import StatementForm
from equityhub.indicators.board.models import StatementNarrative
from equityhub.indicators.board.selectors import statement_versions
from equityhub.indicators.board.views import DOCX_TYPE, team_organisation
from equityhub.indicators.dashboard.glossary import TERMS
from equityhub.indicators.dashboard.selectors import has_synthetic_data
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.statement.drafting import (
    StatementEntry,
    reporting_year,
    statement_entries,
)
from equityhub.people.models import Organisation


def _paragraphs(document: object, text: str) -> None:
    for paragraph in text.split("\n\n") if text else []:
        document.add_paragraph(paragraph.strip())  # type: ignore[attr-defined]


def _docx(
    organisation: Organisation,
    entries: list[StatementEntry],
    synthetic: bool,
    narrative: StatementNarrative | None,
) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Statement on health inequalities", level=0)
    document.add_paragraph(f"{organisation.name} · {timezone.localdate():%d %B %Y}")
    if synthetic:
        document.add_paragraph("Synthetic demonstration data: the figures describe no one.")
    narratives = narrative.narratives if narrative else {}
    _paragraphs(document, narrative.introduction if narrative else "")
    for entry in entries:
        document.add_heading(entry.indicator.name, level=1)
        document.add_paragraph(f"Statement domain: {', '.join(entry.domains)}; {entry.period}.")
        _paragraphs(document, narratives.get(entry.indicator.code, ""))
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
    document.add_heading("Terms used", level=1)
    for term in TERMS:
        document.add_paragraph(f"{term.term}: {term.meaning}", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _year(request: HttpRequest) -> str:
    wanted = request.GET.get("year", "")
    return wanted if wanted and reporting_year(wanted) == wanted else reporting_year()


@login_required
@require_safe
def statement_view(request: HttpRequest, org: str) -> HttpResponse:
    organisation, can_edit = team_organisation(request, org)
    entries = statement_entries(organisation, request.user)
    synthetic = has_synthetic_data(organisation)
    year = _year(request)
    versions = statement_versions(organisation, year)
    narrative = versions[0] if versions else None
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            _docx(organisation, entries, synthetic, narrative), content_type=DOCX_TYPE
        )
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
        year=year,
        narrative=narrative,
        can_edit=can_edit,
        breadcrumbs=[DASHBOARD],
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, org: str) -> HttpResponse:
    """The statement's narrative for a reporting year; each save a new version."""
    organisation, can_edit = team_organisation(request, org)
    if not can_edit:
        raise PermissionDenied("Only the organisation's lead and team members edit the statement.")
    year = _year(request)
    versions = statement_versions(organisation, year)
    current = versions[0] if versions else None
    entries = statement_entries(organisation, request.user)
    initial = {"introduction": current.introduction if current else ""} | {
        f"narrative_{code}": text for code, text in (current.narratives if current else {}).items()
    }
    form = StatementForm(
        posted(request),
        sections=[(e.indicator.code, e.indicator.name) for e in entries],
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = services_board.statement_save(
            actor=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            year=year,
            introduction=form.cleaned_data["introduction"],
            narratives=form.narratives(),
        )
        messages.success(
            request, f"Statement narrative for {year} saved as version {saved.number}."
        )
        return redirect(
            f"{reverse('indicators:statement', kwargs={'org': org})}?{urlencode({'year': year})}"
        )
    return page(
        request,
        "indicators/statement_edit.jinja",
        f"Edit the statement narrative: {organisation.name}",
        organisation=organisation,
        year=year,
        form=form,
        versions=versions,
        breadcrumbs=[
            DASHBOARD,
            ("Statement", reverse("indicators:statement", kwargs={"org": org})),
        ],
    )
