"""The programme team's view of England: every trust and ICB, its lead, their participation.

For facilitators and administrators only. Exports are audited: they name people.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.audit import audit_record
from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, page, posted, service_errors
from equityhub.core.pagination import paginate
from equityhub.learning.buddying import services as services_buddy_pairing
from equityhub.learning.collaboratives import services as services_collaborative_bulk
from equityhub.learning.collaboratives.models import Collaborative
from equityhub.learning.collaboratives.services import can_manage
from equityhub.learning.home import selectors as selectors_week
from equityhub.learning.pages import LEARNING
from equityhub.learning.permissions import can_run
from equityhub.learning.programme import england as programme_england
from equityhub.learning.programme import export as programme_export
from equityhub.learning.programme import services as services_cohort
from equityhub.learning.programme.cohorts import cohort_for
from equityhub.learning.programme.columns import LEAD_COLUMNS
from equityhub.learning.programme.forms import (
    AreaOrganisationsForm,
    CohortMessageForm,
    EnglandFilterForm,
    PairForm,
)
from equityhub.learning.programme.selectors import SMALLEST_SHOWN, programme_tables

PROGRAMME = ("Participation", reverse_lazy("learning:programme"))
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", programme_export.england_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        programme_export.england_xlsx,
    ),
}


def require_programme_staff(request: AuthenticatedRequest) -> None:
    if not can_run(request.user):
        raise PermissionDenied("For the programme team: facilitators and administrators")


def _filters_query(request: AuthenticatedRequest) -> str:
    """The filters in the address, without the page number (a download has every row)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_safe
def england(request: AuthenticatedRequest) -> HttpResponse:
    require_programme_staff(request)
    form = EnglandFilterForm(request.GET or None)
    filters = form.filters()
    rows = programme_england.england_rows(filters)
    return page(
        request,
        "learning/programme_england.jinja",
        "Leads across England",
        form=form,
        filters=filters,
        totals=programme_england.totals(rows),
        trend=programme_england.lead_trend(filters),
        page_obj=paginate(request, rows, per_page=50),
        extra_titles=[column.title for column in LEAD_COLUMNS.values()],
        query=_filters_query(request),
        breadcrumbs=[LEARNING, PROGRAMME],
    )


@login_required
@require_safe
def england_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    require_programme_staff(request)
    if fmt not in EXPORTS:
        raise Http404("Export as csv or xlsx")
    filters = EnglandFilterForm(request.GET or None).filters()
    rows = programme_england.england_rows(filters)
    audit_record(
        action="learning.programme.export",
        detail={"format": fmt, "filters": filters.describe(), "rows": len(rows)},
        request=request,
    )
    content_type, write = EXPORTS[fmt]
    response = HttpResponse(write(rows), content_type=content_type)
    name = f"leads-across-england-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def buddy_pairs(request: AuthenticatedRequest) -> HttpResponse:
    """Pairs asked or running, new leads waiting, and a form to pair two people."""
    require_programme_staff(request)
    form = PairForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            buddying = services_buddy_pairing.buddy_arrange(
                by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{buddying.proposer} and {buddying.partner} are asked.")
            return redirect("learning:buddy-pairs")
    return form_page(
        request,
        "learning/buddy_pairs.jinja",
        "Buddy pairs across the programme",
        form,
        pairs=list(services_buddy_pairing.programme_pairs()[:200]),
        waiting=selectors_week.unmatched_buddy_requests(),
        breadcrumbs=[LEARNING, PROGRAMME],
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaborative_add_organisations(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The collaborative's lead adds every NHS organisation of a system or region at once."""
    collaborative = get_object_or_404(Collaborative, pk=pk)
    if not can_manage(request.user, collaborative):
        raise PermissionDenied("Only the collaborative's lead adds organisations")
    form = AreaOrganisationsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            added = services_collaborative_bulk.members_add_by_area(
                by=request.user, collaborative=collaborative, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{len(added)} organisations added.")
            return redirect("learning:collaborative", pk=pk)
    link = reverse("learning:collaborative", kwargs={"pk": pk})
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Add organisations to {collaborative}",
        form,
        intro="Every current NHS trust and integrated care board in the area you choose joins "
        "the collaborative. Organisations already in it stay as they are.",
        button="Add the organisations",
        breadcrumbs=[LEARNING, ("Improvement collaboratives", reverse("learning:collaboratives")),
                     (collaborative.name, link)],
    )  # fmt: skip


@login_required
@require_safe
def programme(request: AuthenticatedRequest) -> HttpResponse:
    """Participation counts for facilitators, programme teams and administrators."""
    if not can_run(request.user):
        raise PermissionDenied("For facilitators and programme teams")
    return page(
        request,
        "learning/programme.jinja",
        "Participation in learning together",
        tables=programme_tables(exact=True),
        smallest=SMALLEST_SHOWN,
        breadcrumbs=[LEARNING],
    )


# Writing to a cohort: a set's members, a community, a collaborative, an event's attendees.
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
