from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "people/index.jinja", {"page_title": "People"})


@login_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "people/index.jinja", {"page_title": "Your profile"})
