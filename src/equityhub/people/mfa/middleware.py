"""Keep privileged people who signed in with a password out until they confirm a second factor.

Installed after django-otp's ``OTPMiddleware``. Also sends the Wagtail and Django admin sign-in
forms to Equity Hub's own sign-in page, so that there is one door, with one set of checks.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from equityhub.people.mfa import services as mfa

OTHER_SIGN_IN_FORMS = ("/cms/login/", "/django-admin/login/")


def _open_paths() -> tuple[str, ...]:
    """Addresses a person waiting for their second factor may still use."""
    return (
        reverse("mfa:manage"),
        reverse("core:sign-out"),
        reverse("core:sign-in"),
        reverse("core:healthz"),
        settings.STATIC_URL,
    )


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(OTHER_SIGN_IN_FORMS):
            target = request.GET.get("next", "/")
            return HttpResponseRedirect(f"{reverse('core:sign-in')}?{urlencode({'next': target})}")
        if not path.startswith(_open_paths()) and mfa.second_factor_needed(request):
            user = request.user
            step = "mfa:verify" if mfa.has_second_factor(user) else "mfa:enrol"  # type: ignore[arg-type]
            return HttpResponseRedirect(_with_next(reverse(step), request))
        return self.get_response(request)
