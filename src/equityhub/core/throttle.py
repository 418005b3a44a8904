"""Throttling for sign-in and password reset: a counter per email and per address."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _keys(scope: str, *parts: str) -> list[str]:
    return [f"throttle:{scope}:{part.lower()}" for part in parts if part]


def is_locked(scope: str, *parts: str) -> bool:
    limit = settings.SIGN_IN_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(scope, *parts))


def count_attempt(scope: str, *parts: str) -> None:
    for key in _keys(scope, *parts):
        cache.add(key, 0, timeout=settings.SIGN_IN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.SIGN_IN_LOCKOUT_SECONDS)


def clear(scope: str, *parts: str) -> None:
    cache.delete_many(_keys(scope, *parts))
