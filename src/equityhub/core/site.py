"""The site's own address for absolute links (e-mails, feeds, certificates, API `next` links).

A deployment sets `SITE_URL` and every link uses it. Without it (development, `make run` on any
`PORT`), links follow the address actually served: during a request, the request's own scheme,
host and port (the host already passed `ALLOWED_HOSTS`); outside a request (tasks, the
scheduler), the address `serve` was started on, which it puts in the environment.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_served: ContextVar[str | None] = ContextVar("served_site_url", default=None)


def site_url() -> str:
    """The address absolute links start with, without a trailing slash."""
    return _served.get() or settings.SITE_URL


def absolute(path: str) -> str:
    return site_url() + path


class SiteUrlMiddleware:
    """Links made while answering a request follow its address unless SITE_URL is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(settings, "SITE_URL_CONFIGURED", False):
            return self.get_response(request)
        token = _served.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _served.reset(token)
