"""Values every page template needs: navigation, account menu, unread notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse, reverse_lazy
from markupsafe import Markup, escape

PILLARS = [
    ("Induction", reverse_lazy("induction:index")),
    ("Library", reverse_lazy("library:index")),
    ("Learning", reverse_lazy("learning:index")),
    ("Accountability", reverse_lazy("indicators:index")),
    ("People", reverse_lazy("people:index")),
]


# Apps add links for some people (the programme team's view for its roles) at start-up.
NavigationProvider = Callable[[HttpRequest], list[tuple[str, str]]]
NAVIGATION_PROVIDERS: list[NavigationProvider] = []


def register_navigation(provider: NavigationProvider) -> None:
    NAVIGATION_PROVIDERS.append(provider)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    links = [(text, str(href)) for text, href in PILLARS]
    if getattr(request, "user", None) is not None:
        for provider in NAVIGATION_PROVIDERS:
            links += provider(request)
    path = request.path
    # The longest matching address is the active one (/learning/programme/ over /learning/).
    active = max((href for _, href in links if path.startswith(href)), key=len, default="")
    return [
        {"text": text, "href": href, "active": href == active, "current": path == href}
        for text, href in links
    ]


# The header is rendered once per set of parameters (config.jinja2.rendered_once); the sign-out
# form's token differs on every page, so the header holds this in its place until it is served.
SIGN_OUT_TOKEN = "eh-sign-out-token"


def _sign_out_form() -> Markup:
    return Markup(
        '<form class="nhsuk-header__account-form" method="post" action="{action}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<button class="nhsuk-header__account-button" type="submit">Sign out</button></form>'
    ).format(action=reverse("core:sign-out"), token=SIGN_OUT_TOKEN)


def _account(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)  # absent when an error happens before middleware
    if user is None or not user.is_authenticated:
        return [
            {"href": reverse("core:sign-in"), "text": "Sign in", "icon": True},
            {"href": reverse("people:register"), "text": "Register"},
        ]
    unread = user.notifications.filter(read_at__isnull=True).count()
    label = f"Notifications ({unread} unread)" if unread else "Notifications"
    return [
        {"href": reverse("people:me"), "text": user.get_short_name(), "icon": True},
        {"href": reverse("core:notifications"), "text": label},
        {"html": _sign_out_form()},
    ]


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "navigation_items": _navigation(request),
        "account_items": _account(request),
        # Read only when the header shows the sign-out form, so an anonymous page sets no cookie.
        "sign_out_token": lambda: escape(get_token(request)),
        "contact_email": settings.CONTACT_EMAIL,
    }
