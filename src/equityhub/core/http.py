"""Request types for views."""

from __future__ import annotations

from django.http import HttpRequest

from equityhub.core.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required`: the user is a real account."""

    user: User
