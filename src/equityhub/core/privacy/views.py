"""Pages for a person's data rights: see what is held, download it, delete the account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.privacy.registry import holdings
from equityhub.core.privacy.services import (
    ErasureRefused,
    account_delete_by_owner,
    deletion_problems,
    personal_data_json,
)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm"},
    )
    understood = forms.BooleanField(
        label="I understand that my account and personal details will be deleted and cannot "
        "be brought back",
        error_messages={"required": "Confirm that you understand the account will be deleted"},
    )


@login_required
@require_safe
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    context: dict[str, Any] = {"page_title": "Your data", "holdings": holdings()}
    return render(request, "core/my_data.jinja", context)


@login_required
@require_safe
def my_data_download(request: AuthenticatedRequest) -> HttpResponse:
    body = personal_data_json(request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="equityhub-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    problems = deletion_problems(request.user)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and not problems and form.is_valid():
        try:
            account_delete_by_owner(user=request.user, password=form.cleaned_data["password"])
        except ErasureRefused as refused:
            form.add_error("password", refused.reasons[0])
        else:
            # The account is gone: end the session without the sign-out signal (which would
            # try to audit a person who no longer exists).
            request.session.flush()
            request.user = AnonymousUser()  # type: ignore[assignment]
            messages.success(request, "Your account has been deleted.")
            return redirect("/")
    context = {"page_title": "Delete your account", "form": form, "problems": problems}
    status = 400 if form.errors else 200
    return render(request, "core/account_delete.jinja", context, status=status)


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "page_title": "Privacy notice",
        "holdings": holdings(),
        "inactive_days": settings.RETENTION_INACTIVE_ACCOUNT_DAYS,
    }
    return render(request, "core/privacy.jinja", context)
