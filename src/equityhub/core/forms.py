"""Forms of core: sign-in and notification preferences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from equityhub.core import throttle
from equityhub.core.models import Delivery, User
from equityhub.core.notifications import NOTIFICATION_KINDS


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email", ""), data.get("password", "")
        if not email or not password:
            return data
        # django-axes counts failures and refuses a locked account inside authenticate().
        user = authenticate(self.request, username=email.lower(), password=password)
        if user is None:
            if throttle.is_locked_out(self.request):
                minutes = max(1, settings.SIGN_IN_LOCKOUT_SECONDS // 60)
                raise forms.ValidationError(
                    f"Too many attempts to sign in. Wait {minutes} minutes, or reset your password."
                )
            if _awaiting_confirmation(email, password):
                raise forms.ValidationError(
                    "Confirm your email address first: open the link we emailed you when you "
                    "registered."
                )
            raise forms.ValidationError("The email address or password is not right.")
        self.user = user
        return data


def _awaiting_confirmation(email: str, password: str) -> bool:
    """True for a registration not yet confirmed, and only with its right password."""
    pending = User.objects.filter(
        email=email.lower(), is_active=False, email_verified=False
    ).first()
    return pending is not None and pending.check_password(password)


class NotificationPreferencesForm(forms.Form):
    """One radio group per notification kind."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NOTIFICATION_KINDS.items():
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(kind, Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
            )
