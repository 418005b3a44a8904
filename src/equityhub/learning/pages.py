"""What every page of learning shares: the first breadcrumb, reading a posted form, a form page
that answers 400 when the form came back with mistakes, and a service's errors on a form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

LEARNING = ("Learning together", "/learning/")


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest, template: str, title: str, form: Any, **context: Any
) -> HttpResponse:
    """A page with a form: 400 when the form came back with mistakes."""
    status = 400 if form is not None and form.errors else 200
    return render(request, template, {"page_title": title, "form": form, **context}, status=status)


def service_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
