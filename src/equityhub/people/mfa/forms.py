"""Forms of the second factor: a code from the authenticator app or a recovery code."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        help_text="Enter the 6-digit code your app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={"required": "Enter the 6-digit code from your app"},
    )
