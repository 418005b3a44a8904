"""Forms of the account lifecycle. They check the shape of input; the services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from equityhub.core.models import User
from equityhub.people.models import Organisation, Role
from equityhub.people.querysets import OrganisationQuerySet

PASSWORD_HINT = (
    "At least 12 characters. Avoid common passwords and anything like your name or email."
    " A few unrelated words make a strong password."
)
MAX_CSV_BYTES = 1_000_000


def _name_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        **kwargs,
    )


def _password_field() -> forms.CharField:
    return forms.CharField(
        label="Create a password",
        help_text=PASSWORD_HINT,
        strip=False,
        error_messages={"required": "Create a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class RegistrationForm(forms.Form):
    full_name = _name_field()
    email = forms.EmailField(
        label="NHS email address",
        help_text=(
            "For example, name@nhs.net or name@trust.nhs.uk."
            " We will email you a link to confirm it."
        ),
        error_messages={
            "required": "Enter your NHS email address",
            "invalid": "Enter an email address like name@nhs.net",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = _password_field()


class VerifyEmailForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="The password you chose when you registered.",
        strip=False,
        error_messages={"required": "Enter the password you chose when you registered"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class InvitationAcceptForm(forms.Form):
    full_name = _name_field()
    password = _password_field()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address like name@nhs.net",
        },
    )
    full_name = forms.CharField(label="Full name", max_length=150, required=False)
    organisation_code = forms.CharField(
        label="Organisation code",
        max_length=12,
        required=False,
        help_text="The ODS code, for example RJ1. Leave empty to invite without a role.",
    )
    role = forms.ChoiceField(
        label="Role in the organisation",
        choices=[("", "No role"), *Role.choices],
        required=False,
    )

    def clean_organisation_code(self) -> Organisation | None:
        code = self.cleaned_data["organisation_code"].strip()
        if not code:
            return None
        found = Organisation.objects.filter(code__iexact=code).first()
        if found is None:
            raise ValidationError(f"No organisation has the code {code}")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("organisation_code")) != bool(data.get("role")):
            raise ValidationError("Give both an organisation code and a role, or neither")
        return data


class BulkInvitationForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="The first row names the columns: email, full_name, organisation_code, role.",
        error_messages={"required": "Choose a CSV file to upload"},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The file must be a CSV file (ending .csv)")
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError("The file must be smaller than 1 MB")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise ValidationError("The file must be saved as CSV UTF-8") from error


class RoleClaimForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose an organisation"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = cast(OrganisationQuerySet, Organisation.objects.all()).current()
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or reject"},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed if you reject the claim. The person who asked will see it.",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverForm(forms.Form):
    new_lead = forms.EmailField(
        label="Email address of the new lead",
        help_text="They need an Equity Hub account. If they do not have one, invite them first.",
        error_messages={
            "required": "Enter the email address of the new lead",
            "invalid": "Enter an email address like name@nhs.net",
        },
    )

    def clean_new_lead(self) -> User:
        email = self.cleaned_data["new_lead"].strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError("No active account uses this email address. Invite them first.")
        return user
