"""Pages of exchange visits: offers and requests (everyone signed in), and each arranged visit
(its host and visitor only; 404 for anyone else, administrators included)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, acted, form_page, page, posted, service_errors
from equityhub.learning.capture import CaptureForm
from equityhub.learning.pages import LEARNING
from equityhub.learning.visits import services as services_visits
from equityhub.learning.visits.forms import AnswerForm, ArrangeForm, ListingForm, NoteForm
from equityhub.learning.visits.models import ExchangeListing, Visit
from equityhub.library.taxonomy import Topic

VISITS = ("Exchange visits", reverse_lazy("learning:visits"))


@login_required
@require_safe
def visit_list(request: AuthenticatedRequest) -> HttpResponse:
    listings = (
        ExchangeListing.objects.visible_to(request.user)
        .filter(is_open=True)
        .select_related("author")
    )
    topic = Topic.objects.filter(slug=request.GET.get("topic", "")).first()
    if topic is not None:
        listings = listings.filter(topics=topic)
    listings = listings.prefetch_related("topics")
    return page(
        request,
        "learning/visits.jinja",
        "Exchange visits",
        offers=[item for item in listings if item.is_offer],
        requests=[item for item in listings if not item.is_offer],
        topic=topic,
        topics=Topic.objects.filter(pk__in=ExchangeListing.objects.values("topics")),
        mine=ExchangeListing.objects.filter(author=request.user),
        visits=Visit.objects.visible_to(request.user).select_related("listing", "host", "visitor"),
        breadcrumbs=[LEARNING],
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ListingForm(posted(request), initial={"kind": request.GET.get("kind", "offer")})
    if request.method == "POST" and form.is_valid():
        try:
            listing = services_visits.listing_create(
                by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "It is listed. We will tell you about matches.")
            return redirect("learning:listing", pk=listing.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Offer or ask for an exchange visit",
        form,
        button="List it",
        breadcrumbs=[LEARNING, VISITS],
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(
        ExchangeListing.objects.visible_to(request.user).select_related("author"), pk=pk
    )
    form = ArrangeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            visit = services_visits.visit_arrange(
                by=request.user, listing=listing, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"We have asked {listing.author}.")
            return redirect("learning:visit", pk=visit.pk)
    mine = listing.author_id == request.user.pk
    return form_page(
        request,
        "learning/listing.jinja",
        listing.title,
        form,
        listing=listing,
        mine=mine,
        matches=services_visits.matches_for(listing) if mine else [],
        breadcrumbs=[LEARNING, VISITS],
    )


@login_required
@require_POST
def listing_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(ExchangeListing, pk=pk)
    services_visits.listing_close(by=request.user, listing=listing)
    messages.success(request, "It is closed: it no longer shows in the lists.")
    return redirect("learning:visits")


def _visit(request: AuthenticatedRequest, pk: int) -> Visit:
    visits = Visit.objects.visible_to(request.user).select_related("listing", "host", "visitor")
    return get_object_or_404(visits, pk=pk)


def _crumbs(visit: Visit) -> list[Crumb]:
    return [LEARNING, VISITS, (str(visit.listing), services_visits.visit_link(visit))]


@login_required
@require_safe
def visit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    happened = visit.visit_date is not None and visit.visit_date <= timezone.localdate()
    return page(
        request,
        "learning/visit.jinja",
        f"Visit: {visit.listing}",
        visit=visit,
        can_answer=visit.answerer_id() == request.user.pk and visit.status == "proposed",
        can_note=visit.status == "agreed" and happened,
        answer_form=AnswerForm(),
        breadcrumbs=[LEARNING, VISITS],
    )


@login_required
@require_POST
def visit_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = AnswerForm(request.POST)
    agree = request.POST.get("answer") == "agree"
    if not form.is_valid():
        messages.error(request, "Enter the date as year-month-day, for example 2027-03-14")
        return redirect("learning:visit", pk=pk)
    acted(
        request,
        lambda: services_visits.visit_answer(
            by=request.user, visit=visit, agree=agree, request=request, **form.cleaned_data
        ),
        "The visit is agreed." if agree else "You declined.",
    )
    return redirect("learning:visit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def visit_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    form = NoteForm(posted(request), initial={"learning_note": visit.learning_note})
    if request.method == "POST" and form.is_valid():
        try:
            services_visits.learning_note_save(
                by=request.user, visit=visit, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your learning note is saved.")
            return redirect("learning:visit", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "What you learned from the visit",
        form,
        button="Save the note",
        breadcrumbs=_crumbs(visit),
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_capture(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    if not visit.learning_note:
        raise PermissionDenied("Write the learning note first")
    initial = {"title": str(visit.listing), "summary": visit.learning_note[:1000]}
    form = CaptureForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_visits.visit_capture(
                by=request.user, visit=visit, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your case study suggestion has gone to the editors.")
            return redirect("learning:visit", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Share the learning as a case study",
        form,
        button="Send to the library editors",
        intro="The library's editors review it before anything is published.",
        breadcrumbs=_crumbs(visit),
    )
