"""Share a finished pilot as a case study (the pilot organisation's lead and team only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, posted, service_errors
from equityhub.indicators.models import Pilot
from equityhub.learning.pilots import services as service
from equityhub.learning.pilots.forms import PilotCaseStudyForm
from equityhub.learning.pilots.models import PilotCaseStudy
from equityhub.people.permissions import is_team_member_of


@login_required
@require_http_methods(["GET", "POST"])
def pilot_case_study(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    pilot = get_object_or_404(
        Pilot.objects.select_related("organisation", "indicator", "comparator"), pk=pk
    )
    if not is_team_member_of(request.user, pilot.organisation):
        raise PermissionDenied("Only the organisation's lead and team share its pilots.")
    pilot_url = reverse("indicators:pilot", kwargs={"org": pilot.organisation.code, "pk": pk})
    if PilotCaseStudy.objects.filter(pilot=pilot).exists():
        messages.info(request, "This pilot has already been shared as a case study.")
        return redirect(pilot_url)
    if not service.can_share(request.user, pilot):
        raise PermissionDenied("Share a pilot once it has finished or stopped.")
    form = PilotCaseStudyForm(posted(request), initial=service.draft(pilot))
    if request.method == "POST" and form.is_valid():
        try:
            service.pilot_share_as_case_study(
                by=request.user, pilot=pilot, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your case study suggestion has gone to the editors.")
            return redirect(pilot_url)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Share “{pilot.name}” as a case study",
        form,
        button="Send to the library editors",
        intro=(
            "We have drafted the case study from the pilot's record and its evaluation. Check "
            "and edit it: the library's editors review it before anything is published."
        ),
        breadcrumbs=[
            ("Accountability", reverse_lazy("indicators:index")),
            ("Pilots", f"/indicators/{pilot.organisation.code}/pilots/"),
            (pilot.name, pilot_url),
        ],
    )
