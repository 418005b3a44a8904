"""Throttles: sign-in lockouts (django-axes) and request rates (django-ninja's rate throttle).

Sign-in: axes records failed passwords in the database, so every worker and server sees the same
count. An account is locked at one address after `SIGN_IN_ATTEMPTS` failures from there, and
everywhere after `SIGN_IN_ACCOUNT_ATTEMPTS` failures from anywhere (guessing spread over many
addresses). Nothing is keyed on the address alone: a trust's shared address or the reverse proxy
never locks out everyone behind it. A completed password reset lifts the lock
(`core.services.sign_in_lockout_lift`); administrators see and lift locks in the Django admin.

Forms that send email or check a password (registration, password reset, email confirmation,
single sign-on link emails) and the API are limited by django-ninja's rate throttle on the shared
"throttle" cache (Redis when `REDIS_URL` is set, otherwise a database table).
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from ninja.throttling import SimpleRateThrottle

from equityhub.core.audit import client_ip

THROTTLE_CACHE = "throttle"


class AccountLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: per (account, address) and per account.

    `AXES_LOCKOUT_PARAMETERS` lists the (account, address) pair first and the account second;
    axes compares the larger count with one limit, so the account's count is reported only once
    it reaches its own, higher limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        by_pair, by_account = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_account >= settings.SIGN_IN_ACCOUNT_ATTEMPTS:
            return max(by_pair, int(settings.AXES_FAILURE_LIMIT))
        return int(by_pair)


def account_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in attempt is for, as axes keys it: the email, lower-case."""
    given = credentials or {}
    value = given.get("username") or given.get("email") or request.POST.get("email", "")
    return str(value).strip().lower() or None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse, credentials: dict[str, Any] | None
) -> HttpResponse:
    """Keep our sign-in page (the form already says why) but answer 429 Too Many Requests."""
    original_response.status_code = 429
    original_response["Retry-After"] = str(settings.SIGN_IN_LOCKOUT_SECONDS)
    return original_response


def is_locked_out(request: HttpRequest) -> bool:
    """Did axes refuse (or just lock) the sign-in attempt made in this request?"""
    return bool(getattr(request, "axes_locked_out", False))


class SharedCacheThrottle(SimpleRateThrottle):
    """Ninja's rate throttle on the shared cache, with the client address from `client_ip`."""

    rate_setting = ""

    def __init__(self) -> None:
        super().__init__(self._configured_rate())

    def _configured_rate(self) -> str:
        return str(getattr(settings, self.rate_setting))

    @property
    def cache(self) -> BaseCache:  # type: ignore[override]
        return caches[THROTTLE_CACHE]

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request) or "unknown"

    def allow_request(self, request: HttpRequest) -> bool:
        # Read the rate each time so a changed setting applies without a restart of the class.
        self.num_requests, self.duration = self.parse_rate(self._configured_rate())
        return super().allow_request(request)


class ApiThrottle(SharedCacheThrottle):
    """Each API key, signed-in person or (for anonymous calls) address: `API_THROTTLE_RATE`."""

    scope = "api"
    rate_setting = "API_THROTTLE_RATE"

    def get_cache_key(self, request: HttpRequest) -> str:
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None) is not None:
            ident = f"key-{token.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return f"throttle:{self.scope}:{ident}"


class _KeyedThrottle(SharedCacheThrottle):
    def __init__(self, scope: str, ident: str, rate_setting: str) -> None:
        self.scope, self.ident, self.rate_setting = scope, ident, rate_setting
        super().__init__()

    def get_cache_key(self, request: HttpRequest) -> str:
        digest = hashlib.sha256(self.ident.lower().encode()).hexdigest()
        return f"throttle:{self.scope}:{digest}"


def allow(scope: str, request: HttpRequest | None, *, account: str) -> bool:
    """Count one attempt at `scope` for this account and this address; False once over a rate.

    The account's rate is `THROTTLE_PER_ACCOUNT`; the address's, `THROTTLE_PER_ADDRESS`, is
    higher because many people share an NHS network's address. Call it outside any transaction
    that may roll back: without Redis the counters are rows in the database, and would be
    forgotten with it.
    """
    checks = [_KeyedThrottle(scope, f"account:{account}", "THROTTLE_PER_ACCOUNT")]
    address = client_ip(request)
    if address:
        checks.append(_KeyedThrottle(scope, f"address:{address}", "THROTTLE_PER_ADDRESS"))
    # Every check counts the attempt, even when an earlier one already refused it.
    results = [check.allow_request(request) for check in checks]  # type: ignore[arg-type]
    return all(results)
