"""Co-production: leads propose activities, measures and role-guide improvements; editors
publish or reject them with a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, page, posted, service_errors
from equityhub.induction import services
from equityhub.induction.forms import (
    ActivityProposalForm,
    DecisionForm,
    MeasureProposalForm,
    SuggestionForm,
)
from equityhub.induction.models import Activity, Feedback, Measure, Suggestion
from equityhub.induction.models_offer import OfferPart
from equityhub.induction.pages import RoleGuidePage
from equityhub.induction.views import INDUCTION
from equityhub.library.permissions import is_editor

PROPOSE = ("Propose", reverse_lazy("induction:propose"))


def _posted(request: AuthenticatedRequest) -> Any:
    return posted(request)


@login_required
@require_http_methods(["GET"])
def propose(request: AuthenticatedRequest) -> HttpResponse:
    mine = {
        "activities": Activity.objects.filter(contributed_by=request.user).order_by("-created_at"),
        "measures": Measure.objects.filter(contributed_by=request.user).order_by("-created_at"),
    }
    return page(request, "induction/propose.jinja", "Propose", breadcrumbs=[INDUCTION], **mine)


def _propose(
    request: AuthenticatedRequest,
    form: ActivityProposalForm | MeasureProposalForm,
    submit: Callable[..., Activity | Measure],
    noun: str,
) -> HttpResponse:
    """Send a proposed activity or measure to the editors through `submit`."""
    if request.method == "POST" and form.is_valid():
        try:
            proposed = submit(user=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, f"Thank you. “{proposed.name}” is with the editors, who will reply."
            )
            return redirect("induction:propose")
    return form_page(
        request,
        "induction/propose_form.jinja",
        f"Propose {noun}",
        form,
        button=f"Send the {noun.split()[-1]} to the editors",
        breadcrumbs=[INDUCTION, PROPOSE],
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose_activity(request: AuthenticatedRequest) -> HttpResponse:
    form = ActivityProposalForm(_posted(request))
    return _propose(request, form, services.activity_propose, "an activity")


@login_required
@require_http_methods(["GET", "POST"])
def propose_measure(request: AuthenticatedRequest) -> HttpResponse:
    form = MeasureProposalForm(_posted(request))
    return _propose(request, form, services.measure_propose, "a measure")


@login_required
@require_http_methods(["GET", "POST"])
def propose_guide_change(request: AuthenticatedRequest) -> HttpResponse:
    guide = RoleGuidePage.objects.live().filter(slug=request.GET.get("guide", "")).first()
    form = SuggestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.suggestion_create(user=request.user, guide=guide, text=form.cleaned_data["text"])
        messages.success(request, "Thank you. The editors will look at your suggestion.")
        return redirect("induction:guides")
    return form_page(
        request,
        "induction/propose_form.jinja",
        "Suggest an improvement to the role guides",
        form,
        button="Send the suggestion",
        guide=guide,
        breadcrumbs=[INDUCTION, ("Role guides", reverse_lazy("induction:guides"))],
    )


def _editor_only(request: AuthenticatedRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors moderate proposals.")


@login_required
@require_http_methods(["GET"])
def moderation(request: AuthenticatedRequest) -> HttpResponse:
    _editor_only(request)
    return page(
        request,
        "induction/moderation.jinja",
        "Proposals waiting for an editor",
        activities=Activity.objects.awaiting_editor().select_related("contributed_by"),
        measures=Measure.objects.awaiting_editor().select_related("contributed_by"),
        suggestions=Suggestion.objects.filter(status="proposed").select_related("user", "guide"),
        ratings=Feedback.objects.values("part").annotate(average=Avg("rating"), count=Count("pk")),
        feedback=Feedback.objects.select_related("user")[:20],
        part_labels=dict(OfferPart.choices),
        breadcrumbs=[INDUCTION],
    )


ENTRY_MODELS: dict[str, Any] = {"activity": Activity, "measure": Measure, "guide": Suggestion}


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    _editor_only(request)
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise PermissionDenied("Unknown kind of proposal")
    entry = get_object_or_404(model, pk=pk, status="proposed")
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        reason = form.cleaned_data["reason"]
        try:
            if isinstance(entry, Suggestion):
                services.suggestion_decide(
                    editor=request.user, suggestion=entry, approve=approve, reason=reason
                )
            else:
                services.entry_decide(
                    editor=request.user,
                    entry=entry,
                    approve=approve,
                    reason=reason,
                    request=request,
                )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Decision saved; the contributor has been told.")
            return redirect("induction:moderation")
    return form_page(
        request,
        "induction/decide.jinja",
        "Decide on a proposal",
        form,
        entry=entry,
        kind=kind,
        breadcrumbs=[INDUCTION, ("Moderation", reverse_lazy("induction:moderation"))],
    )
