"""Pages of the induction catalogues: the overview, the activities grid and list, an activity,
measures, and role guides. Plan pages are in `views_plan`, co-production in
`views_coproduction`, the support offer in `views_offer`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import page
from equityhub.core.pagination import paginate
from equityhub.induction import selectors, services
from equityhub.induction.forms import ActivityFilterForm, CommentForm
from equityhub.induction.models import Activity, Endorsement, Measure, PlanItem
from equityhub.induction.pages import RoleGuidePage
from equityhub.library.models import LibraryItem

INDUCTION = ("Induction offer", reverse_lazy("induction:index"))
ACTIVITIES = ("Activities", reverse_lazy("induction:activities"))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    assessment = selectors.latest_assessment(user) if user.is_authenticated else None
    items = selectors.plan_of(user) if user.is_authenticated else []
    return page(
        request,
        "induction/index.jinja",
        "Induction offer",
        assessment=assessment,
        next_items=[i for i in items if not i.is_done][:3],
        progress=selectors.progress(items),
        guide_groups=selectors.guides_by_audience(),
        new_activities=selectors.catalogue_activities(user)
        .published()
        .filter(contributed_by__isnull=False)
        .order_by("-published_at")[:3],
    )


@require_safe
def activities(request: HttpRequest) -> HttpResponse:
    """The main view: the 2×2 board activities grid."""
    found = list(selectors.catalogue_activities(request.user).published())
    return page(
        request,
        "induction/grid.jinja",
        "Activities on the board activities framework",
        cells=selectors.grid(found),
        breadcrumbs=[INDUCTION],
    )


def _filtered(request: HttpRequest, form: ActivityFilterForm) -> Any:
    found = selectors.catalogue_activities(request.user).published()
    if not form.is_valid():
        return found
    data = form.cleaned_data
    if data["q"]:
        found = found.filter(Q(name__icontains=data["q"]) | Q(summary__icontains=data["q"]))
    if data["focus"]:
        found = found.filter(focus=data["focus"])
    if data["horizon"]:
        found = found.filter(horizon=data["horizon"])
    if data["co_produced"]:
        found = found.filter(contributed_by__isnull=False)
    if data["theme"]:
        return [a for a in found if data["theme"] in a.themes]
    return found


@require_safe
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    results = paginate(request, _filtered(request, form))
    return page(
        request,
        "induction/activity_list.jinja",
        "All activities",
        form=form,
        results=results,
        breadcrumbs=[INDUCTION, ACTIVITIES],
    )


def _activity(request: HttpRequest, slug: str) -> Activity:
    found = selectors.catalogue_activities(request.user).filter(slug=slug).first()
    if found is None:
        raise Http404("No such activity")
    return found


@require_safe
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    activity = _activity(request, slug)
    user = request.user
    in_plan = (
        user.is_authenticated
        and PlanItem.objects.visible_to(user).filter(key=f"activity:{activity.slug}").exists()
    )
    endorsed = (
        user.is_authenticated and Endorsement.objects.filter(user=user, activity=activity).exists()
    )
    return page(
        request,
        "induction/activity.jinja",
        activity.name,
        activity=activity,
        in_plan=in_plan,
        endorsed=endorsed,
        endorsements=activity.endorsements.count(),
        comments=activity.comments.select_related("user"),
        resources=LibraryItem.objects.live().filter(pk__in=activity.resources.values("pk")),
        measures=Measure.objects.published().filter(activities=activity),
        comment_form=CommentForm(),
        breadcrumbs=[INDUCTION, ACTIVITIES],
    )


@login_required
@require_POST
def activity_adopt(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    activity = _activity(request, slug)
    try:
        services.activity_adopt(user=request.user, activity=activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(activity)
    messages.success(request, f"“{activity.name}” is in your plan.")
    return redirect(activity)


@login_required
@require_POST
def activity_endorse(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    activity = _activity(request, slug)
    return _endorse(request, activity, "activity", activity=activity)


@login_required
@require_POST
def activity_comment(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    activity = _activity(request, slug)
    return _comment(request, activity, activity=activity)


def _endorse(request: AuthenticatedRequest, entry: Any, noun: str, **target: Any) -> HttpResponse:
    """Endorse an activity or a measure, or withdraw the endorsement, then go back to it."""
    now = services.endorse(user=request.user, **target)
    messages.success(request, f"You endorsed this {noun}." if now else "Endorsement withdrawn.")
    return redirect(entry)


def _comment(request: AuthenticatedRequest, entry: Any, **target: Any) -> HttpResponse:
    """Add a comment to an activity or a measure, then go back to it."""
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(user=request.user, text=form.cleaned_data["text"], **target)
        messages.success(request, "Your comment is added.")
    else:
        messages.error(request, "Write a comment before sending it.")
    return redirect(entry)


@require_safe
def measures(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "induction/measures.jinja",
        "Measures of impact",
        groups=selectors.measures_by_class(request.user),
        breadcrumbs=[INDUCTION],
    )


def _measure(request: HttpRequest, slug: str) -> Measure:
    found: Measure | None = Measure.objects.visible_to(request.user).filter(slug=slug).first()
    if found is None:
        raise Http404("No such measure")
    return found


@login_required
@require_POST
def measure_endorse(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    measure = _measure(request, slug)
    return _endorse(request, measure, "measure", measure=measure)


@login_required
@require_POST
def measure_comment(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    measure = _measure(request, slug)
    return _comment(request, measure, measure=measure)


@require_safe
def measure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from equityhub.indicators.models import Indicator

    measure = _measure(request, slug)
    user = request.user
    endorsed = (
        user.is_authenticated and Endorsement.objects.filter(user=user, measure=measure).exists()
    )
    indicator = (
        Indicator.objects.filter(code=measure.indicator_code).first()
        if measure.indicator_code
        else None
    )
    return page(
        request,
        "induction/measure.jinja",
        measure.name,
        measure=measure,
        indicator=indicator,
        adopting_organisation=selectors.organisation_of(user) if indicator else None,
        activities=Activity.objects.published().filter(measures=measure),
        endorsed=endorsed,
        endorsements=measure.endorsements.count(),
        comments=measure.comments.select_related("user"),
        comment_form=CommentForm(),
        breadcrumbs=[INDUCTION, ("Measures", reverse_lazy("induction:measures"))],
    )


@require_safe
def guides(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "induction/guides.jinja",
        "Role guides",
        guides=RoleGuidePage.objects.live().order_by("title"),
        guide_groups=selectors.guides_by_audience(),
        breadcrumbs=[INDUCTION],
    )


@require_safe
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    found = RoleGuidePage.objects.live().filter(slug=slug).first()
    if found is None:
        raise Http404("No such role guide")
    return found.serve(request)
