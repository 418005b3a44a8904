"""Pages of the account lifecycle: registration, invitations, role claims and approval."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def register(request: HttpRequest) -> HttpResponse:
    return render(request, "people/index.jinja", {"page_title": "Register"})
