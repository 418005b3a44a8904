"""Pages of learning sets: the index, a set, its members, joining, adding people, break-glass.

Meeting pages are in `meetings.views`. Inside a set, every page starts from
`selectors.set_access`, which answers 404 to anyone who is not a member or the facilitator
(and to administrators without a current break-glass grant).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.audit import audit_record
from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, acted, form_page, page, posted, service_errors
from equityhub.learning.pages import LEARNING
from equityhub.learning.permissions import can_run
from equityhub.learning.sets import break_glass as services_break_glass
from equityhub.learning.sets import bulk_add as services_set_bulk
from equityhub.learning.sets import selectors, services
from equityhub.learning.sets.bulk_csv import MAX_BYTES, ProblemsFound, read_candidates
from equityhub.learning.sets.forms import (
    ApplyForm,
    BreakGlassForm,
    BulkAreaForm,
    BulkFileForm,
    InviteForm,
    SetEditForm,
    SetForm,
)
from equityhub.learning.sets.models import LearningSet, MemberStatus, SetMembership
from equityhub.learning.sets.selectors import SetAccess
from equityhub.people.permissions import is_administrator, is_facilitator


def set_access(request: HttpRequest, pk: int) -> SetAccess:
    """The set for this viewer (404 if they may not see it). Break-glass reads are audited."""
    access = selectors.set_access(request.user, pk)
    if access.read_only:
        audit_record(
            action="learning.break_glass.view",
            target=access.learning_set,
            detail={"path": request.path},
            request=request,
        )
    return access


def set_crumbs(access: SetAccess) -> list[Crumb]:
    return [LEARNING, (access.learning_set.name, services.set_link(access.learning_set))]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return page(request, "learning/index_public.jinja", "Learning together")
    user = request.user
    return page(
        request,
        "learning/index.jinja",
        "Learning together",
        sets=selectors.sets_of(user),
        pending=selectors.pending_for(user),
        open_sets=selectors.open_sets_for(user),
        meetings=selectors.next_meetings_for(user),
        actions=selectors.open_actions_for(user),
        can_create=is_facilitator(user),
    )


def _set_fields(form: SetForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def set_create(request: AuthenticatedRequest) -> HttpResponse:
    if not is_facilitator(request.user):
        raise PermissionDenied("Only facilitators set up learning sets")
    form = SetForm(posted(request), initial={"scope": "national"})
    if request.method == "POST" and form.is_valid():
        try:
            learning_set = services.set_create(
                facilitator=request.user, request=request, **_set_fields(form)
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{learning_set} is set up. Invite members next.")
            return redirect("learning:set-members", pk=learning_set.pk)
    return form_page(
        request, "learning/set_form.jinja", "Set up a learning set", form, breadcrumbs=[LEARNING]
    )


@login_required
@require_safe
def set_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = set_access(request, pk)
    learning_set = access.learning_set
    meetings = list(learning_set.meetings.all())
    return page(
        request,
        "learning/set.jinja",
        learning_set.name,
        access=access,
        learning_set=learning_set,
        members=selectors.members_of(learning_set),
        co_facilitators=list(learning_set.co_facilitators.all()),
        upcoming=[m for m in meetings if not m.is_past],
        past=[m for m in reversed(meetings) if m.is_past],
        breadcrumbs=[LEARNING],
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = set_access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator changes the set")
    learning_set = access.learning_set
    initial = {name: getattr(learning_set, name) for name in SetEditForm.base_fields}
    form = SetEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_update(
                by=request.user, learning_set=learning_set, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The set's details are saved.")
            return redirect("learning:set", pk=pk)
    return form_page(
        request,
        "learning/set_form.jinja",
        f"Change {learning_set}",
        form,
        learning_set=learning_set,
        breadcrumbs=set_crumbs(access),
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_members(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The facilitator's page: applications, invitations, members and the waiting list."""
    access = set_access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator manages members")
    learning_set = access.learning_set
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        invitee = form.cleaned_data["email"]
        try:
            services.membership_invite(
                by=request.user, learning_set=learning_set, user=invitee, request=request
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{invitee} is invited.")
            return redirect("learning:set-members", pk=pk)
    everyone = learning_set.memberships.select_related("user").exclude(status=MemberStatus.LEFT)
    by_status: dict[str, list[SetMembership]] = {s: [] for s in MemberStatus.values}
    for membership in everyone:
        by_status[membership.status].append(membership)
    return form_page(
        request,
        "learning/members.jinja",
        f"Members of {learning_set}",
        form,
        learning_set=learning_set,
        by_status=by_status,
        kept_places=learning_set.pending_places.filter(used_at__isnull=True).select_related(
            "invitation"
        ),
        breadcrumbs=set_crumbs(access),
    )


@login_required
@require_POST
def membership_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The facilitator accepts or declines an application, or removes someone."""
    runs = LearningSet.objects.run_by(request.user)
    membership = get_object_or_404(SetMembership, pk=pk, learning_set__in=runs)
    decision = request.POST.get("decision")
    try:
        if decision in ("accept", "decline"):
            services.application_decide(
                by=request.user, membership=membership, accept=decision == "accept", request=request
            )
        elif decision == "remove":
            services.membership_end(by=request.user, membership=membership, request=request)
        else:
            raise ValidationError("Choose what to do")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        membership.refresh_from_db()
        messages.success(request, f"{membership.user}: {membership.get_status_display().lower()}.")
    return redirect("learning:set-members", pk=membership.learning_set_id)


@login_required
@require_http_methods(["GET", "POST"])
def set_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Apply to an open set, or answer an invitation. Shows only the name and purpose."""
    learning_set = selectors.discoverable_set(request.user, pk)
    membership = selectors.membership_of(request.user, learning_set)
    form = ApplyForm(posted(request))
    if request.method == "POST":
        try:
            if "accept" in request.POST or "decline" in request.POST:
                accepted = "accept" in request.POST
                membership = services.invitation_respond(
                    user=request.user, learning_set=learning_set, accept=accepted, request=request
                )
                messages.success(request, _joined_message(membership))
                return redirect("learning:index")
            if form.is_valid():
                services.membership_apply(
                    user=request.user,
                    learning_set=learning_set,
                    request=request,
                    **form.cleaned_data,
                )
                messages.success(request, "Your application is sent to the facilitator.")
                return redirect("learning:index")
        except ValidationError as error:
            service_errors(form, error)
    return form_page(
        request,
        "learning/join.jinja",
        f"Join {learning_set}",
        form,
        learning_set=learning_set,
        membership=membership,
        breadcrumbs=[LEARNING],
    )


def _joined_message(membership: SetMembership) -> str:
    if membership.status == MemberStatus.MEMBER:
        return f"You are a member of {membership.learning_set}."
    if membership.status == MemberStatus.WAITING:
        return f"{membership.learning_set} is full: you are on the waiting list."
    return "You declined the invitation."


@login_required
@require_POST
def set_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Leave a set, withdraw an application or come off the waiting list."""
    membership = SetMembership.objects.filter(learning_set_id=pk, user=request.user).first()
    if membership is None:
        raise Http404("No such learning set")
    acted(
        request,
        lambda: services.membership_end(by=request.user, membership=membership, request=request),
        f"You have left {membership.learning_set}.",
    )
    return redirect("learning:index")


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Administrators only: state a reason to read a set for an hour, on the record."""
    if not is_administrator(request.user):
        raise Http404("No such page")
    learning_set = get_object_or_404(LearningSet, pk=pk)
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            grant = services_break_glass.break_glass_open(
                administrator=request.user,
                learning_set=learning_set,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.warning(
                request, f"Break-glass access is open until {grant.expires_at:%H:%M} UTC."
            )
            return redirect("learning:set", pk=pk)
    return form_page(
        request,
        "learning/break_glass.jinja",
        "Break-glass access",
        form,
        learning_set=learning_set,
        breadcrumbs=[LEARNING],
    )


# The facilitator's page for adding many people to a learning set at once.
@login_required
@require_http_methods(["GET", "POST"])
def set_add_people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = set_access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator adds members")
    learning_set = access.learning_set
    data = posted(request)
    file_form = BulkFileForm(data if "upload" in request.POST else None, request.FILES or None)
    area_form = BulkAreaForm(data if "pick" in request.POST else None)
    problems: list[str] = []
    form = file_form if "upload" in request.POST else area_form
    if request.method == "POST" and form.is_valid():
        try:
            if form is file_form:
                upload = form.cleaned_data["people"]
                filename = upload.name or "the file"
                candidates = read_candidates(filename, upload.read(MAX_BYTES + 1))
            else:
                filename = "the people picked"
                candidates = services_set_bulk.people_in_area(
                    region=form.cleaned_data["region"],
                    system=form.cleaned_data["system"],
                    role=form.cleaned_data["role"],
                )
            report = services_set_bulk.set_members_add(
                by=request.user,
                learning_set=learning_set,
                candidates=candidates,
                filename=filename,
                override_scope=form.cleaned_data["override_scope"],
                request=request,
            )
        except ProblemsFound as error:
            problems = [str(problem) for problem in error.problems]
            form.add_error(None, "Nobody was added: put these right and try again")
        else:
            messages.success(request, f"Done: {report.summary}.")
            return redirect("learning:set-members", pk=pk)
    return form_page(
        request,
        "learning/set_add_people.jinja",
        f"Add people to {learning_set}",
        form if form.is_bound else None,
        file_form=file_form,
        area_form=area_form,
        problems=problems,
        learning_set=learning_set,
        can_override=can_run(request.user),
        breadcrumbs=set_crumbs(access),
    )
