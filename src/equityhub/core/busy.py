"""A busy database is a reason to wait and try again, never a server error.

SQLite has one writer at a time. The settings already make a request wait for the lock (WAL, so
readers never wait for a writer, and a busy timeout for writers), but a writer that holds the lock
longer than that timeout — the worker's recompute at start-up, a backup — still made Django answer
500 `database is locked`. Now such a request answers 503 with `Retry-After` (the browser or client
may simply try again), and a request that is safe to repeat (GET, HEAD, OPTIONS: no write
happened that a second run could double) is tried once more first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

RETRY_AFTER_SECONDS = 5
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
BUSY_MESSAGES = ("database is locked", "database table is locked", "database is busy")
BUSY_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>The service is busy – Equity Hub</title></head><body>"
    "<h1>The service is busy</h1><p>Nothing has gone wrong with what you asked for. "
    "Please try again in a few seconds.</p></body></html>"
)


def is_busy(error: BaseException | None) -> bool:
    """Whether `error` is the database refusing a lock (and so worth waiting for)."""
    text = str(error).lower()
    return isinstance(error, OperationalError) and any(m in text for m in BUSY_MESSAGES)


def busy_response_for_current_error() -> HttpResponse | None:
    """503 for the error being handled, when it is a busy database; else None.

    Built without the database or the site's templates: both may need the lock that is busy."""
    if not is_busy(sys.exc_info()[1]):
        return None
    response = HttpResponse(BUSY_PAGE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.database_busy = True  # type: ignore[attr-defined]
    return response


class BusyDatabaseRetryMiddleware:
    """Outermost: run a safe request once more when the first run met a busy database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "database_busy", False) and request.method in SAFE_METHODS:
            response = self.get_response(request)
        return response
