"""Pages for a community's members: joining and leaving, moderators, announcements, and a
learning set carrying on as a community."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.models import User
from equityhub.core.pages import acted, form_page, posted, service_errors
from equityhub.learning.communities import announcements, from_sets, members
from equityhub.learning.communities.forms import AnnouncementForm, ContinueForm
from equityhub.learning.communities.models import Community
from equityhub.learning.communities.views import COMMUNITIES
from equityhub.learning.pages import LEARNING
from equityhub.learning.sets import selectors as set_selectors
from equityhub.learning.sets.services import set_link


@login_required
@require_POST
def community_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    acted(
        request,
        lambda: members.community_join(user=request.user, community=community, request=request),
        f"You joined {community}.",
    )
    return redirect("learning:community", pk=pk)


@login_required
@require_POST
def community_leave(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    acted(
        request,
        lambda: members.community_leave(user=request.user, community=community, request=request),
        f"You left {community}.",
    )
    return redirect("learning:community", pk=pk)


@login_required
@require_POST
def community_moderator(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A moderator or administrator makes a member a moderator, or stops them being one."""
    community = get_object_or_404(Community, pk=pk)
    chosen = request.POST.get("user", "")
    person = get_object_or_404(User, pk=int(chosen) if chosen.isdigit() else 0)
    moderator = request.POST.get("moderator") == "1"
    try:
        members.moderator_set(
            by=request.user,
            community=community,
            member=person,
            moderator=moderator,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        done = "is now a moderator" if moderator else "is no longer a moderator"
        messages.success(request, f"{person} {done}.")
    return redirect(reverse("learning:community", kwargs={"pk": pk}) + "#members")


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    members.require_moderator(request.user, community)
    form = AnnouncementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            announcements.announcement_post(
                by=request.user, community=community, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your announcement is posted and members are told.")
            return redirect("learning:community", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Post an announcement",
        form,
        button="Post the announcement",
        intro=f"It is pinned at the top of {community}'s page and sent to its members.",
        breadcrumbs=[LEARNING, COMMUNITIES, _crumb(community)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_continue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The set's facilitators bring its members into a community as the set ends."""
    access = set_selectors.set_access(request.user, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the set's facilitators can do this")
    learning_set = access.learning_set
    choices = from_sets.communities_to_continue_in(request.user)
    form = ContinueForm(posted(request), communities=choices)
    if request.method == "POST" and form.is_valid():
        try:
            community = from_sets.set_continue_as_community(
                by=request.user, learning_set=learning_set, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{learning_set} carries on as {community}.")
            return redirect("learning:community", pk=community.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        f"Continue {learning_set} as a community",
        form,
        button="Continue as a community",
        intro="Every member of the set joins the community and is told. The set's "
        "confidential notes stay in the set: nothing from it is copied to the community, "
        "which every signed-in person can read.",
        breadcrumbs=[LEARNING, (learning_set.name, set_link(learning_set))],
    )


def _crumb(community: Community) -> tuple[str, str]:
    return (community.name, reverse("learning:community", kwargs={"pk": community.pk}))
