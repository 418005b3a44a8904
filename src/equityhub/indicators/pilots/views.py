"""Pilots and innovations: register one, then read its evaluation and record status and learning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from equityhub.core.pages import page, posted, service_errors
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.pilots import services as service
from equityhub.indicators.pilots.actions import pilot_actions
from equityhub.indicators.pilots.evaluation import evaluate
from equityhub.indicators.pilots.forms import PilotForm, PilotUpdateForm
from equityhub.indicators.pilots.models import Pilot
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of


def _organisation(request: HttpRequest, org: str) -> tuple[Organisation, bool]:
    organisation = get_object_or_404(Organisation, code=org)
    team = is_team_member_of(request.user, organisation)
    if not (team or is_administrator(request.user)):
        raise PermissionDenied("An organisation's pilots are for its team.")
    if request.method == "POST" and not team:
        raise PermissionDenied("Only the organisation's lead and team members change pilots.")
    return organisation, team


@login_required
@require_http_methods(["GET", "POST"])
def pilots(request: HttpRequest, org: str) -> HttpResponse:
    organisation, team = _organisation(request, org)
    form = PilotForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = service.pilot_register(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("indicators:pilot", org=org, pk=pilot.pk)
    response = page(
        request,
        "indicators/pilots.jinja",
        f"Pilots: {organisation.name}",
        organisation=organisation,
        pilots=Pilot.objects.filter(organisation=organisation).select_related("indicator"),
        form=form if team else None,
        breadcrumbs=[DASHBOARD],
    )
    if form.errors:
        response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def pilot_detail(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organisation, team = _organisation(request, org)
    pilot = get_object_or_404(
        Pilot.objects.select_related("indicator", "comparator", "organisation"),
        pk=pk,
        organisation=organisation,
    )
    form = PilotUpdateForm(
        posted(request),
        initial={"status": pilot.status, "learning": pilot.learning},
    )
    if request.method == "POST" and form.is_valid():
        service.pilot_update(actor=request.user, pilot=pilot, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Pilot updated.")
        return redirect("indicators:pilot", org=org, pk=pk)
    evaluation = evaluate(pilot)
    unit = pilot.indicator.unit if pilot.indicator.unit == "%" else ""
    return page(
        request,
        "indicators/pilot.jinja",
        pilot.name,
        organisation=organisation,
        pilot=pilot,
        evaluation=evaluation,
        change=evaluation.change,
        comparison=evaluation.comparison,
        unit=unit,
        method=evaluation.method,
        actions=pilot_actions(request.user, pilot),
        form=form if team else None,
        breadcrumbs=[DASHBOARD, ("Pilots", reverse("indicators:pilots", kwargs={"org": org}))],
    )
