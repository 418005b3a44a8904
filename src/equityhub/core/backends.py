"""Password sign-in and permissions: Django's model backend, with permissions read from the
person's kept standing (`core.standing`) instead of two queries a request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from equityhub.core.standing import standing

# The path `login()` is given after a password or single sign-on check.
SIGN_IN_BACKEND = "equityhub.core.backends.StandingBackend"


class StandingBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        if obj is not None or user_obj.is_anonymous or not user_obj.is_active:
            return set()
        if user_obj.is_superuser:  # every permission there is: Django's own answer
            return super().get_all_permissions(user_obj, obj)
        return set(standing(user_obj).permissions)
