"""Editors import RIS, BibTeX or CSV into draft resources; anyone exports a search."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import page
from equityhub.library import imports, search
from equityhub.library.views import LIBRARY_CRUMBS
from equityhub.library.views_contrib import _require_editor

MAX_UPLOAD_BYTES = 2_000_000
CONTENT_TYPES = {
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "csv": "text/csv",
}
EXTENSIONS = {"ris": "ris", "bibtex": "bib", "csv": "csv"}


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[("ris", "RIS"), ("bibtex", "BibTeX"), ("csv", "CSV")],
        widget=forms.RadioSelect,
        label="Format of the file",
    )
    file = forms.FileField(label="File to import", help_text="Up to 2 MB. Records become drafts.")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file is not UTF-8 text") from error


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: AuthenticatedRequest) -> HttpResponse:
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.import_resources(
            editor=request.user, kind=form.cleaned_data["format"], text=form.cleaned_data["file"]
        )
    failed = bool(form.errors) or bool(report and not report.stored)
    response = page(
        request,
        "library/import.jinja",
        "Import references",
        breadcrumbs=LIBRARY_CRUMBS,
        form=form,
        report=report,
    )
    response.status_code = 400 if failed else 200
    return response


@require_safe
def export_view(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("format", "csv")
    if kind not in imports.FORMATS:
        kind = "csv"
    outcome = search.find(request.GET, request.user)
    text = imports.export(search.items_for(outcome.ids), kind)
    response = HttpResponse(text, content_type=f"{CONTENT_TYPES[kind]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="equityhub-library.{EXTENSIONS[kind]}"'
    return response
