"""Writing to a cohort: a set's members, a community, a collaborative, an event's attendees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from equityhub.core.http import AuthenticatedRequest
from equityhub.learning.pages import LEARNING, form_page, posted, service_errors
from equityhub.learning.programme import services as services_cohort
from equityhub.learning.programme.cohorts import cohort_for
from equityhub.learning.programme.forms import CohortMessageForm


@login_required
@require_http_methods(["GET", "POST"])
def cohort_message(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    cohort = cohort_for(request.user, kind, pk)
    form = CohortMessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reached = services_cohort.cohort_message(
                by=request.user, cohort=cohort, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            people = "1 person" if reached == 1 else f"{reached} people"
            messages.success(request, f"Your message is on its way to {people}.")
            return redirect(cohort.link)
    count = len(cohort.recipients)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Message {cohort.name}",
        form,
        intro=f"Your message goes to the {count} {cohort.who}. Each person gets it in "
        "Equity Hub, and by email if they chose to; every email has a link to stop these emails.",
        button="Send the message",
        breadcrumbs=[LEARNING, (cohort.name, cohort.link)],
    )
