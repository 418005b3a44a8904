"""Pages of study and coaching groups.

Anyone signed in may read an open group's name and description and join it; the reading
schedule, the discussions and the member list are for members and the leader only (404 for
anyone else, administrators included).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.models import User
from equityhub.core.pages import acted, form_page, page, posted, service_errors
from equityhub.learning.groups import services as services_groups
from equityhub.learning.groups.forms import AddMemberForm, GroupForm, PostForm
from equityhub.learning.groups.models import StudyGroup
from equityhub.learning.pages import LEARNING
from equityhub.library.models import ReadingListEntry

GROUPS = ("Study and coaching groups", reverse_lazy("learning:groups"))


@login_required
@require_safe
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    return page(
        request,
        "learning/groups.jinja",
        "Study and coaching groups",
        mine=StudyGroup.objects.of(request.user),
        to_join=services_groups.groups_to_join(request.user),
        can_create=services_groups.can_start_groups(request.user),
        breadcrumbs=[LEARNING],
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedRequest) -> HttpResponse:
    if not services_groups.can_start_groups(request.user):
        raise PermissionDenied("Only facilitators and administrators start groups")
    form = GroupForm(posted(request), initial={"kind": "study", "open_to_join": True})
    if request.method == "POST" and form.is_valid():
        try:
            group = services_groups.group_create(
                by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{group} is ready. People can join now.")
            return redirect("learning:group", pk=group.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Start a group",
        form,
        button="Start the group",
        breadcrumbs=[LEARNING, GROUPS],
    )


def _group(request: AuthenticatedRequest, pk: int) -> tuple[StudyGroup, bool]:
    group = get_object_or_404(StudyGroup.objects.visible_to(request.user), pk=pk)
    return group, services_groups.is_inside(request.user, group)


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, inside = _group(request, pk)
    if not inside:
        if request.method == "POST":
            raise Http404("Not a member")
        full = group.memberships.count() >= group.size_cap
        return page(
            request,
            "learning/group_join.jinja",
            group.name,
            group=group,
            full=full,
            breadcrumbs=[LEARNING, GROUPS],
        )
    form = PostForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.post_add(
                by=request.user, group=group, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your post is added.")
            return redirect("learning:group", pk=pk)
    return form_page(
        request,
        "learning/group.jinja",
        group.name,
        form,
        group=group,
        rows=services_groups.schedule(group, request.user),
        posts=group.posts.filter(entry__isnull=True).select_related("author"),
        members=[m.user for m in group.memberships.select_related("user")],
        is_leader=group.leader_id == request.user.pk,
        add_form=AddMemberForm(),
        breadcrumbs=[LEARNING, GROUPS],
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_item(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    group, inside = _group(request, pk)
    if not inside or group.reading_list_id is None:
        raise Http404("Not a member")
    entries = {row.entry.pk: row.entry for row in services_groups.schedule(group, request.user)}
    entry: ReadingListEntry | None = entries.get(entry_pk)
    if entry is None:
        raise Http404("Not on this group's reading list")
    form = PostForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_groups.post_add(
                by=request.user, group=group, entry=entry, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your post is added.")
            return redirect("learning:group-item", pk=pk, entry_pk=entry_pk)
    return form_page(
        request,
        "learning/group_item.jinja",
        entry.item.title,
        form,
        group=group,
        entry=entry,
        posts=group.posts.filter(entry=entry).select_related("author"),
        breadcrumbs=[LEARNING, GROUPS, (group.name, services_groups.group_link(group))],
    )


@login_required
@require_POST
def group_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, _ = _group(request, pk)
    acted(
        request,
        lambda: services_groups.group_join(user=request.user, group=group, request=request),
        f"You have joined {group}.",
    )
    return redirect("learning:group", pk=pk)


@login_required
@require_POST
def group_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, _ = _group(request, pk)
    acted(
        request,
        lambda: services_groups.group_leave(user=request.user, group=group, request=request),
        f"You have left {group}.",
    )
    return redirect("learning:groups")


@login_required
@require_POST
def group_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group, inside = _group(request, pk)
    if not inside:
        raise Http404("Not a member")
    form = AddMemberForm(request.POST)
    user = None
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
    if user is None:
        messages.error(request, "No one with that email address has an Equity Hub account")
        return redirect("learning:group", pk=pk)
    acted(
        request,
        lambda: services_groups.group_add_member(
            by=request.user, group=group, user=user, request=request
        ),
        f"{user} is in the group and has been told.",
    )
    return redirect("learning:group", pk=pk)
