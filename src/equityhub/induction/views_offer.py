"""The support offer around the induction: signposting, feedback with "you said, we did", each
organisation's board responsibilities map, and the board development kit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, page, posted
from equityhub.induction import selectors, services_offer
from equityhub.induction.forms import FeedbackForm, ResponsibilityForm
from equityhub.induction.models import BoardResponsibility, OfferChange
from equityhub.induction.views import INDUCTION
from equityhub.people.models import Organisation


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "induction/support.jinja",
        "Support for health inequalities leads",
        offers=selectors.live_offers().order_by("starts_on", "title"),
        breadcrumbs=[INDUCTION],
    )


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    form = None
    if request.user.is_authenticated:
        form = FeedbackForm(posted(request))
        if request.method == "POST" and form.is_valid():
            services_offer.feedback_give(user=request.user, **form.cleaned_data)
            messages.success(request, "Thank you. Editors read every comment.")
            return redirect("induction:feedback")
    elif request.method == "POST":
        return redirect_to_login(request.path)
    return form_page(
        request,
        "induction/feedback.jinja",
        "You said, we did",
        form,
        changes=OfferChange.objects.all()[:30],
        breadcrumbs=[INDUCTION],
    )


def _organisation(code: str) -> Organisation:
    found = Organisation.objects.filter(code__iexact=code).first()
    if found is None:
        raise Http404("No such organisation")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def board_map(request: AuthenticatedRequest, code: str) -> HttpResponse:
    organisation = _organisation(code)
    can_edit = services_offer.can_edit_map(request.user, organisation)
    form = ResponsibilityForm(posted(request))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only the organisation's lead and team keep its map.")
        if form.is_valid():
            services_offer.responsibility_add(
                user=request.user, organisation=organisation, request=request, **form.cleaned_data
            )
            messages.success(request, "The map is updated.")
            return redirect("induction:board-map", code=organisation.code)
    return form_page(
        request,
        "induction/board_map.jinja",
        f"Board responsibilities: {organisation.name}",
        form if can_edit else None,
        organisation=organisation,
        rows=organisation.board_responsibilities.select_related("updated_by"),
        can_edit=can_edit,
        breadcrumbs=[INDUCTION],
    )


@login_required
@require_POST
def board_map_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(BoardResponsibility.objects.select_related("organisation"), pk=pk)
    services_offer.responsibility_remove(user=request.user, row=row, request=request)
    messages.success(request, "The row is removed.")
    return redirect("induction:board-map", code=row.organisation.code)


@require_safe
def board_kit(request: HttpRequest) -> HttpResponse:
    from equityhub.indicators.dashboard.selectors import dashboard_tiles

    found = list(selectors.catalogue_activities(request.user).published())
    organisation = selectors.organisation_of(request.user)
    tiles = dashboard_tiles(organisation, request.user) if organisation else []
    return page(
        request,
        "induction/board_kit.jinja",
        "Board development kit",
        cells=selectors.grid(found),
        organisation=organisation,
        tiles=[t for t in tiles if not t.indicator.is_performance][:6],
        breadcrumbs=[INDUCTION],
    )
