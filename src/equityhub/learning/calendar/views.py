"""A person's calendar feed: the settings page (make or revoke the address) and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import page
from equityhub.learning.calendar import services as calendar
from equityhub.learning.pages import LEARNING


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            calendar.feed_revoke(user=request.user, request=request)
            messages.success(request, "Your calendar address no longer works.")
        else:
            calendar.feed_create(user=request.user, request=request)
            messages.success(request, "Your new calendar address is ready.")
        return redirect("learning:calendar")
    feed = calendar.active_feed(request.user)
    return page(
        request,
        "learning/calendar.jinja",
        "Add meetings to your calendar",
        feed_url=calendar.feed_url(feed) if feed else "",
        breadcrumbs=[LEARNING],
    )


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = calendar.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar")
    response = HttpResponse(calendar.feed_ics(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
