"""The demo's roles: load the demo data once, then a test client or a browser tab per role.

Signing in through the form for every role would test the sign-in page many times over; the
tab is given the session of a test client signed in as the role instead.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from equityhub.core.models import User
from tests.conftest import _second_factor_confirmed

SIGN_IN = re.compile(r"^Demo sign-in \((?P<role>[^)]+)\): (?P<email>\S+) / ")
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def load_demo() -> dict[str, User]:
    """Run the demo command; each demo role (as it prints them) and its person."""
    printed = io.StringIO()
    call_command("demo", stdout=printed)
    found = (SIGN_IN.match(line) for line in printed.getvalue().splitlines())
    return {m["role"]: User.objects.get(email=m["email"]) for m in found if m}


def signed_in_client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
        _second_factor_confirmed(client, user)
    return client


def signed_in_tab(browser: Any, live_server: Any, user: User | None, viewport: dict) -> Any:
    """A new browser context (close it after use) and its page, signed in as ``user``."""
    context = browser.new_context(viewport=viewport)
    if user is not None:
        session = signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context, context.new_page()
