"""Pages of improvement collaboratives.

Everyone signed in reads a collaborative's goal, members, indicator chart (as disclosure
controlled for them) and expert sessions; its plan-do-study-act cycles are for participants
(member organisations' teams and the collaborative's lead). The showcase is public once
published.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, acted, form_page, page, posted, service_errors
from equityhub.learning.collaboratives import charts
from equityhub.learning.collaboratives import services as services_collaboratives
from equityhub.learning.collaboratives.forms import (
    CollaborativeForm,
    CycleForm,
    JoinForm,
    ShowcaseForm,
)
from equityhub.learning.collaboratives.models import Collaborative, Cycle
from equityhub.learning.pages import LEARNING
from equityhub.learning.permissions import can_run
from equityhub.people.models import Organisation
from equityhub.people.permissions import memberships

COLLABORATIVES = ("Improvement collaboratives", reverse_lazy("learning:collaboratives"))


def _crumbs(collaborative: Collaborative) -> list[Crumb]:
    return [
        LEARNING,
        COLLABORATIVES,
        (collaborative.name, reverse("learning:collaborative", kwargs={"pk": collaborative.pk})),
    ]


@login_required
@require_safe
def collaborative_list(request: AuthenticatedRequest) -> HttpResponse:
    collaboratives = list(Collaborative.objects.select_related("indicator"))
    return page(
        request,
        "learning/collaboratives.jinja",
        "Improvement collaboratives",
        running=[c for c in collaboratives if not c.has_ended],
        ended=[c for c in collaboratives if c.has_ended],
        can_create=can_run(request.user),
        breadcrumbs=[LEARNING],
    )


@login_required
@require_http_methods(["GET", "POST"])
def collaborative_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_run(request.user):
        raise PermissionDenied("Only facilitators and administrators run collaboratives")
    form = CollaborativeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            collaborative = services_collaboratives.collaborative_create(
                by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{collaborative} is set up. Organisations can join.")
            return redirect("learning:collaborative", pk=collaborative.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Set up an improvement collaborative",
        form,
        button="Set it up",
        breadcrumbs=[LEARNING, COLLABORATIVES],
    )


def _lead_organisations(request: AuthenticatedRequest) -> list[Organisation]:
    led = memberships().leads().filter(user=request.user).select_related("organisation")
    return [m.organisation for m in led]


@login_required
@require_safe
def collaborative_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    collaborative = get_object_or_404(
        Collaborative.objects.select_related("indicator", "lead"), pk=pk
    )
    periods, series = services_collaboratives.member_series(collaborative, request.user)
    low, high = charts.scale([value for s in series for _, value in s.shown])
    members = services_collaboratives.member_organisations(collaborative)
    can_join = [o for o in _lead_organisations(request) if o not in members]
    manage = services_collaboratives.can_manage(request.user, collaborative)
    if manage:
        can_join = list(Organisation.objects.exclude(pk__in=[o.pk for o in members])[:500])
    participant = services_collaboratives.is_participant(request.user, collaborative)
    return page(
        request,
        "learning/collaborative.jinja",
        collaborative.name,
        collaborative=collaborative,
        periods=periods,
        rows=[(s, charts.spark(s.shown, len(periods), low, high)) for s in series],
        chart=charts,
        sessions=collaborative.sessions.order_by("starts_at"),
        participant=participant,
        cycles=collaborative.cycles.select_related("organisation") if participant else [],
        mine=services_collaboratives.my_member_organisations(request.user, collaborative),
        join_form=JoinForm(organisations=can_join)
        if can_join and not collaborative.has_ended
        else None,
        can_manage=manage,
        breadcrumbs=[LEARNING, COLLABORATIVES],
    )


@login_required
@require_POST
def collaborative_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative, pk=pk)
    form = JoinForm(request.POST, organisations=list(Organisation.objects.all()))
    if not form.is_valid():
        messages.error(request, "Choose an organisation")
        return redirect("learning:collaborative", pk=pk)
    organisation = form.cleaned_data["organisation"]
    acted(
        request,
        lambda: services_collaboratives.member_add(
            by=request.user, collaborative=collaborative, organisation=organisation, request=request
        ),
        f"{organisation} is a member of {collaborative}.",
    )
    return redirect("learning:collaborative", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: AuthenticatedRequest, pk: int, cycle_pk: int | None = None) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative, pk=pk)
    mine = services_collaboratives.my_member_organisations(request.user, collaborative)
    cycle = None
    if cycle_pk is not None:
        cycle = get_object_or_404(Cycle, pk=cycle_pk, collaborative=collaborative)
        mine = [o for o in mine if o.pk == cycle.organisation_id]
    if not mine:
        raise PermissionDenied("Only the teams of member organisations record cycles")
    initial = (
        {name: getattr(cycle, name) for name in services_collaboratives.CYCLE_FIELDS}
        if cycle
        else {}
    )
    form = CycleForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_collaboratives.cycle_save(
                by=request.user,
                collaborative=collaborative,
                organisation=mine[0],
                cycle=cycle,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The cycle is saved.")
            return redirect("learning:collaborative", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"{'Update the' if cycle else 'Record a'} cycle for {mine[0]}",
        form,
        button="Save the cycle",
        intro="Plan, do, study, act: write the plan now and fill in the rest as the cycle runs.",
        breadcrumbs=_crumbs(collaborative),
    )


@login_required
@require_http_methods(["GET", "POST"])
def showcase_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    collaborative = get_object_or_404(Collaborative, pk=pk)
    if not services_collaboratives.can_manage(request.user, collaborative):
        raise PermissionDenied("Only the collaborative's lead publishes its showcase")
    form = ShowcaseForm(posted(request), initial={"showcase": collaborative.showcase})
    if request.method == "POST" and form.is_valid():
        try:
            services_collaboratives.showcase_publish(
                by=request.user, collaborative=collaborative, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The showcase is published.")
            return redirect("learning:collaborative-showcase", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Showcase of {collaborative}",
        form,
        button="Publish the showcase",
        breadcrumbs=_crumbs(collaborative),
    )


@require_safe
def showcase(request: HttpRequest, pk: int) -> HttpResponse:
    """Public once published: the goal, the members and what changed (no cycles, no figures)."""
    collaborative = get_object_or_404(
        Collaborative.objects.select_related("indicator"),
        pk=pk,
        showcase_published_at__isnull=False,
    )
    if collaborative.showcase_published_at is None:
        raise Http404("Not published")
    return page(
        request,
        "learning/showcase.jinja",
        f"{collaborative}: what changed",
        collaborative=collaborative,
        members=services_collaboratives.member_organisations(collaborative),
    )
