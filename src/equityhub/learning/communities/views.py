"""Pages of communities of practice: every signed-in person reads them, members take part.

Joining, moderators and announcements are in `views_members.py`; shared files in
`views_files.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import acted, form_page, page, posted, service_errors
from equityhub.core.pagination import paginate
from equityhub.learning.capture import CaptureForm
from equityhub.learning.communities import members, selectors, services
from equityhub.learning.communities.forms import CommunityForm, ReplyForm, ThreadForm
from equityhub.learning.communities.models import Community, Follow, Reply, Thread
from equityhub.learning.pages import LEARNING
from equityhub.learning.permissions import can_run
from equityhub.people.permissions import is_administrator, is_facilitator

COMMUNITIES = ("Communities", reverse_lazy("learning:communities"))


@login_required
@require_safe
def community_list(request: AuthenticatedRequest) -> HttpResponse:
    can_create = is_facilitator(request.user) or is_administrator(request.user)
    return page(
        request,
        "learning/communities.jinja",
        "Communities of practice",
        communities=selectors.communities_for(request.user),
        can_create=can_create,
        breadcrumbs=[LEARNING],
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: AuthenticatedRequest) -> HttpResponse:
    if not (is_facilitator(request.user) or is_administrator(request.user)):
        raise PermissionDenied("Facilitators and administrators start communities")
    form = CommunityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("learning:community", pk=community.pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Start a community",
        form,
        button="Start the community",
        breadcrumbs=[LEARNING, COMMUNITIES],
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    form = ThreadForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                author=request.user, community=community, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("learning:thread", pk=thread.pk)
    return form_page(
        request,
        "learning/community.jinja",
        community.name,
        form,
        community=community,
        page_obj=paginate(request, selectors.threads_of(community)),
        membership=members.membership_of(request.user, community),
        can_moderate=members.can_moderate(request.user, community),
        announcements=selectors.pinned_announcements(community),
        members=selectors.members_of(community),
        files=selectors.files_for(request.user, community),
        can_message=can_run(request.user),
        breadcrumbs=[LEARNING, COMMUNITIES],
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("community", "author"), pk=pk)
    form = ReplyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_add(
                author=request.user, thread=thread, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("learning:thread", pk=pk)
    community_crumb = (
        thread.community.name,
        reverse("learning:community", kwargs={"pk": thread.community_id}),
    )
    can_moderate = members.can_moderate(request.user, thread.community)
    return form_page(
        request,
        "learning/thread.jinja",
        "A hidden discussion" if thread.is_hidden and not can_moderate else thread.title,
        form,
        thread=thread,
        replies=thread.replies.select_related("author"),
        following=Follow.objects.filter(thread=thread, user=request.user).exists(),
        is_member=members.is_member(request.user, thread.community),
        can_moderate=can_moderate,
        can_capture=services.can_capture(request.user, thread),
        breadcrumbs=[LEARNING, COMMUNITIES, community_crumb],
    )


@login_required
@require_POST
def thread_follow(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=pk)
    following = services.follow_set(
        user=request.user, thread=thread, follow=request.POST.get("follow") == "1"
    )
    messages.success(request, "You follow this thread." if following else "You stopped following.")
    return redirect("learning:thread", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def thread_capture(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=pk)
    if not services.can_capture(request.user, thread):
        raise PermissionDenied("The thread's author or a facilitator captures its learning")
    form = CaptureForm(posted(request), initial={"title": thread.title})
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_capture(
                by=request.user, thread=thread, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your case study suggestion has gone to the editors.")
            return redirect("learning:thread", pk=pk)
    return form_page(
        request,
        "learning/simple_form.jinja",
        "Capture the learning",
        form,
        button="Send to the library editors",
        intro="Turn what this discussion found into a case study suggestion. "
        "The library's editors review it before anything is published.",
        breadcrumbs=[
            LEARNING,
            COMMUNITIES,
            (thread.title, reverse("learning:thread", kwargs={"pk": pk})),
        ],
    )


@login_required
@require_POST
def thread_hide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A moderator hides a discussion (or shows it again)."""
    thread = get_object_or_404(Thread.objects.select_related("community"), pk=pk)
    return _hide(request, thread, thread)


@login_required
@require_POST
def reply_hide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A moderator hides a reply (or shows it again)."""
    reply = get_object_or_404(Reply.objects.select_related("thread__community"), pk=pk)
    return _hide(request, reply, reply.thread)


def _hide(request: AuthenticatedRequest, post: Thread | Reply, thread: Thread) -> HttpResponse:
    hide = request.POST.get("hide") != "0"
    acted(
        request,
        lambda: services.post_hide(by=request.user, post=post, hide=hide, request=request),
        "Hidden by a moderator." if hide else "Shown again.",
    )
    return redirect("learning:thread", pk=thread.pk)
