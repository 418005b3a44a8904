"""The page helpers every app's views use: one for each job.

- `page`: render a template with its title.
- `posted` / `uploaded`: a form's data, bound on POST only (even when empty, so a missing field
  is reported rather than the form looking unsent).
- `form_page`: a page with a form, answering 400 when the form came back with mistakes (so
  tests, monitors and assistive software can tell a refused form from a fresh one).
- `service_errors`: a service's ValidationError shown on the form, on the field it names when
  the form has that field and above the form otherwise.
- `acted`: a button's service call, its success message, or the service's refusal in words.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise

# A breadcrumb: its words and its address (often reverse_lazy'd at import time).
Crumb = tuple[str, str | Promise]


def page(request: HttpRequest, template: str, title: str, **context: object) -> HttpResponse:
    """Render a page with its title (every view goes through here)."""
    return render(request, template, {"page_title": title, **context})


def posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def uploaded(request: HttpRequest) -> MultiValueDict[str, UploadedFile] | None:
    return request.FILES if request.method == "POST" else None


def form_page(
    request: HttpRequest, template: str, title: str, form: object, **context: object
) -> HttpResponse:
    """A page with a form: 400 when the form came back with mistakes."""
    status = 400 if getattr(form, "errors", None) else 200
    context = {"page_title": title, "form": form, **context}
    return render(request, template, context, status=status)


def service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def acted(request: HttpRequest, action: Callable[[], object], done: str = "") -> bool:
    """Run a service call for a button that posts no form: `done` as a success message, or the
    service's ValidationError as an error message. True when the call went through."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if done:
        messages.success(request, done)
    return True
