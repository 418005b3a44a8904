"""Rated judgements with evidence for qualitative indicators: the record by period, a form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from equityhub.core.pages import page, posted
from equityhub.indicators.judgements import services as services_judgements
from equityhub.indicators.judgements.forms import JudgementForm
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.registry.models import Indicator, IndicatorType
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of


@login_required
@require_http_methods(["GET", "POST"])
def judgements(request: HttpRequest, org: str, code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=org)
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user),
        code=code,
        type=IndicatorType.QUALITATIVE,
    )
    if indicator.owner_organisation_id not in (None, organisation.pk):
        raise Http404
    can_record = is_team_member_of(request.user, organisation)
    if not (can_record or is_administrator(request.user)):
        raise PermissionDenied("An organisation's judgements are for its team.")
    if request.method == "POST" and not can_record:
        raise PermissionDenied("Only the organisation's lead and team members record judgements.")
    form = JudgementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_judgements.judgement_record(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                indicator=indicator,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, "Judgement recorded.")
            return redirect("indicators:judgements", org=org, code=code)
    response = page(
        request,
        "indicators/judgements.jinja",
        f"{indicator.name}: {organisation.name}",
        organisation=organisation,
        indicator=indicator,
        judgements=services_judgements.current_judgements(organisation, indicator),
        form=form if can_record else None,
        breadcrumbs=[DASHBOARD],
    )
    if form.errors:
        response.status_code = 400
    return response
