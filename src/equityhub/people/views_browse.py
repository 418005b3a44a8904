"""Browsing pages: organisations, integrated care systems, and the coverage of HI leads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from equityhub.core.pagination import paginate
from equityhub.people import selectors
from equityhub.people.forms import CoverageForm, OrganisationFilterForm
from equityhub.people.views import PEOPLE, page


@login_required
@require_safe
def organisations(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.organisation_search(
        text=(data.get("q") or "").strip(), region=data.get("region"), kind=data.get("kind") or ""
    )
    return page(
        request,
        "people/organisations.jinja",
        "Organisations",
        form=form,
        page_obj=paginate(request, found),
        breadcrumbs=[PEOPLE],
    )


@login_required
@require_safe
def organisation(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.organisation_detail(code=code)
    if found is None:
        raise Http404("No such organisation")
    return page(
        request,
        "people/organisation.jinja",
        found.name,
        organisation=found,
        breadcrumbs=[PEOPLE, ("Organisations", reverse("people:organisations"))],
    )


@login_required
@require_safe
def systems(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "people/systems.jinja",
        "Integrated care systems",
        regions=selectors.systems_by_region(),
        breadcrumbs=[PEOPLE],
    )


@login_required
@require_safe
def system(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.system_detail(code=code)
    if found is None:
        raise Http404("No such system")
    return page(
        request,
        "people/system.jinja",
        found.name,
        system=found,
        breadcrumbs=[PEOPLE, ("Integrated care systems", reverse("people:systems"))],
    )


@login_required
@require_safe
def coverage(request: HttpRequest) -> HttpResponse:
    form = CoverageForm(request.GET or None)
    area = form.area()
    return page(
        request,
        "people/coverage.jinja",
        f"Coverage of health inequalities leads: {area}"
        if area
        else "Coverage of health inequalities leads",
        form=form,
        coverage=selectors.coverage_for(area) if area else None,
        breadcrumbs=[PEOPLE],
        status=400 if form.errors else 200,
    )
