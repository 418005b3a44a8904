"""Pages for readers and contributors: useful marks, comments, suggestions and proposed edits,
the editors' queue and comment moderation, and recording progress on a pathway."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import acted, page, service_errors
from equityhub.library import pages, selectors, services
from equityhub.library.certificates import Certificate, CertificateStatus
from equityhub.library.contributions import Contribution, ContributionKind, ContributionStatus
from equityhub.library.engagement import Comment, CommentStatus
from equityhub.library.forms import (
    CaseStudySuggestionForm,
    CommentForm,
    DecisionForm,
    ProposedEditForm,
    ResourceSuggestionForm,
    StepProgressForm,
)
from equityhub.library.models import LibraryItem
from equityhub.library.pathways import PathwayStep
from equityhub.library.permissions import is_editor
from equityhub.library.views import LIBRARY_CRUMBS

SUGGESTION_FORMS = {
    ContributionKind.RESOURCE: ResourceSuggestionForm,
    ContributionKind.CASE_STUDY: CaseStudySuggestionForm,
}


def _live_item(slug: str) -> LibraryItem:
    item = LibraryItem.objects.live().filter(slug=slug).first()
    if item is None:
        raise Http404("No such library item")
    return item


def _require_editor(request: AuthenticatedRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only content editors can see this page")


@login_required
@require_POST
def useful(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    item = _live_item(slug)
    marked = services.useful_toggle(user=request.user, item=item)
    messages.success(request, "Marked as useful for your role." if marked else "Mark removed.")
    return redirect(item.specific.url)


@login_required
@require_POST
def comment(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    item = _live_item(slug)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your comment was not sent: enter a comment first.")
        return redirect(item.specific.url)
    services.comment_add(user=request.user, item=item, text=form.cleaned_data["text"])
    messages.success(request, "Thank you. An editor will check your comment before it appears.")
    return redirect(item.specific.url)


def _form_page(
    request: AuthenticatedRequest, form: object, title: str, status: int, **context: object
) -> HttpResponse:
    response = page(
        request, "library/contribute.jinja", title, form=form, breadcrumbs=LIBRARY_CRUMBS, **context
    )
    response.status_code = status
    return response


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    form_class = SUGGESTION_FORMS.get(kind)  # type: ignore[call-overload]
    if form_class is None:
        raise Http404("Unknown kind of suggestion")
    title = ContributionKind(kind).label
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_submit(
                contributor=request.user, kind=kind, data=form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Thank you. An editor will look at your suggestion.")
            return redirect("library:contributions")
    return _form_page(
        request, form, title, 400 if form.errors else 200, submit_text="Send suggestion"
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    item = _live_item(slug)
    form = ProposedEditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contribution_submit(
            contributor=request.user,
            kind=ContributionKind.EDIT,
            data=form.cleaned_data,
            target=item,
        )
        messages.success(request, "Thank you. An editor will look at your proposed change.")
        return redirect("library:contributions")
    return _form_page(
        request,
        form,
        f"Propose a change to “{item.title}”",
        400 if form.errors else 200,
        submit_text="Send proposed change",
        item=item,
    )


@login_required
@require_safe
def contributions(request: AuthenticatedRequest) -> HttpResponse:
    mine = (
        Contribution.objects.by(request.user)
        .select_related("created_page")
        .order_by("-submitted_at")
    )
    return page(
        request,
        "library/contributions.jinja",
        "Your suggestions",
        contributions=mine,
        breadcrumbs=LIBRARY_CRUMBS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Contribution.objects.by(request.user), pk=pk)
    if (
        contribution.status != ContributionStatus.CHANGES_REQUESTED
        or contribution.kind == ContributionKind.EDIT
    ):
        raise Http404("This suggestion cannot be changed")
    form_class = SUGGESTION_FORMS[ContributionKind(contribution.kind)]
    form = form_class(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        services.contribution_update(
            contributor=request.user, contribution=contribution, data=form.cleaned_data
        )
        messages.success(request, "Thank you. Your suggestion has gone back to the editors.")
        return redirect("library:contributions")
    return _form_page(
        request,
        form,
        f"Change your suggestion “{contribution.title}”",
        400 if form.errors else 200,
        submit_text="Send it back",
        editor_message=contribution.editor_message,
    )


@login_required
@require_safe
def queue(request: AuthenticatedRequest) -> HttpResponse:
    _require_editor(request)
    waiting = Contribution.objects.awaiting_editor().select_related("contributor", "target")
    pending_comments = Comment.objects.filter(status=CommentStatus.PENDING).select_related(
        "item", "author"
    )
    return page(
        request,
        "library/queue.jinja",
        "Library contributions",
        breadcrumbs=LIBRARY_CRUMBS,
        waiting=waiting,
        pending_comments=pending_comments,
        overdue=selectors.overdue_reviews()[:50],
        certificate_requests=Certificate.objects.filter(status=CertificateStatus.REQUESTED)
        .select_related("pathway", "holder")
        .order_by("requested_at"),
        broken=selectors.broken_links()[:50],
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    contribution: Contribution = get_object_or_404(
        Contribution.objects.select_related("contributor", "target"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_decide(
                editor=request.user,
                contribution=contribution,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Decision recorded and the contributor told.")
            return redirect("library:queue")
    response = page(
        request,
        "library/decide.jinja",
        contribution.title,
        breadcrumbs=[*LIBRARY_CRUMBS, ("Contributions", reverse_lazy("library:queue"))],
        contribution=contribution,
        form=form,
    )
    response.status_code = 400 if form.errors else 200
    return response


@login_required
@require_POST
def moderate_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    found = get_object_or_404(Comment, pk=pk)
    approve = request.POST.get("decision") == "approve"
    if request.POST.get("decision") not in {"approve", "reject"}:
        messages.error(request, "Choose whether to publish the comment.")
        return redirect("library:queue")
    acted(
        request,
        lambda: services.comment_moderate(editor=request.user, comment=found, approve=approve),
    )
    return redirect("library:queue")


@login_required
@require_POST
def step_progress(request: AuthenticatedRequest, slug: str, step: int) -> HttpResponse:
    item = _live_item(slug)
    found = get_object_or_404(PathwayStep, pk=step, pathway_id=item.pk)
    form = StepProgressForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Your progress was not saved: keep the note under 5,000 characters."
        )
        return redirect(item.specific.url)
    pages.step_record(
        user=request.user,
        step=found,
        done=form.cleaned_data["done"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, "Progress saved.")
    return redirect(item.specific.url + f"#step-{found.pk}")
