"""How long a signed-in session lasts, and keeping signed-in pages out of caches.

- A session ends `SESSION_MAX_AGE_HOURS` after sign-in, however busy (the cookie's age alone would
  be renewed by activity), and after `SESSION_IDLE_MINUTES` without a request, or
  `SESSION_IDLE_MINUTES_PRIVILEGED` for people who can reach the CMS or the Django admin.
- A password change ends every other session: Django keeps a hash of the password in each
  session and refuses a session whose hash no longer matches.
- Every response to a signed-in person (or to an API key) is marked `Cache-Control: no-store`,
  so a shared computer's browser cache or a proxy keeps no copy of private pages or downloads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from equityhub.core.access import is_privileged

SIGNED_IN_AT = "equityhub_signed_in_at"
LAST_SEEN_AT = "equityhub_last_seen_at"
# Writing the last-seen time on every request would save the session every time; once a
# minute is precise enough for timeouts counted in minutes.
LAST_SEEN_RESOLUTION = 60


def session_started(request: HttpRequest) -> None:
    """Note when this session signed in (called on every sign-in)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def idle_limit_seconds(user: Any) -> int:
    minutes: int = (
        settings.SESSION_IDLE_MINUTES_PRIVILEGED
        if is_privileged(user)
        else settings.SESSION_IDLE_MINUTES
    )
    return minutes * 60


def expiry_reason(request: HttpRequest, now: int) -> str | None:
    """Why this signed-in session must end now, or None while it may go on."""
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if signed_in_at is None or last_seen_at is None:
        return None
    if now - int(signed_in_at) > settings.SESSION_MAX_AGE_HOURS * 3600:
        return f"You have been signed out after {settings.SESSION_MAX_AGE_HOURS} hours."
    if now - int(last_seen_at) > idle_limit_seconds(request.user):
        return "You have been signed out because you were not active for a while."
    return None


class SessionTimeoutMiddleware:
    """End sessions that are too old or idle; sign-out then shows why on the next page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        now = int(time.time())
        reason = expiry_reason(request, now)
        if reason is not None:
            logout(request)
            messages.info(request, reason)
            return
        session = request.session
        if session.get(SIGNED_IN_AT) is None:  # a session from before this check existed
            session_started(request)
        elif now - int(session[LAST_SEEN_AT]) >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_AT] = now


class PrivateResponseMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in person or API key."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # request.user is read after the view, so a response that signs someone in counts.
        if request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response
