"""Password reset by email, using Django's views with our pages and a throttle.

Completing a reset lifts a sign-in lockout on the account (`core.services`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse_lazy

from equityhub.core import services, throttle
from equityhub.core.audit import audit_record


class LocalPasswordsOnly:
    """Password reset exists only while local passwords are allowed (LOCAL_PASSWORDS)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.LOCAL_PASSWORDS:
            raise Http404("Passwords are not used here")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordResetView(LocalPasswordsOnly, auth_views.PasswordResetView):
    template_name = "core/password_reset_form.jinja"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password-reset-done")
    extra_context = {"page_title": "Reset your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        # Count every request, found or not, so the form cannot be used to flood an inbox.
        if not throttle.allow("password-reset", self.request, account=form.cleaned_data["email"]):
            form.add_error(None, "Too many reset requests. Wait a while and try again.")
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        audit_record(
            action="password-reset-requested",
            detail={"email": form.cleaned_data["email"]},
            request=self.request,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(LocalPasswordsOnly, auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.jinja"
    success_url = reverse_lazy("core:password-reset-complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(action="password-reset", actor=form.user, target=form.user)
        # Whoever completes a reset holds the mailbox: a lockout on the account ends here.
        services.sign_in_lockout_lift(user=form.user, actor=form.user, request=self.request)
        return response


done = auth_views.PasswordResetDoneView.as_view(
    template_name="core/password_reset_done.jinja", extra_context={"page_title": "Check your email"}
)
complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="core/password_reset_complete.jinja",
    extra_context={"page_title": "Password changed"},
)
