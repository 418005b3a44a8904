"""Forms of the learning pillar. They parse input; services decide what is allowed."""

from __future__ import annotations

from django import forms

from equityhub.core.models import User
from equityhub.learning.sets.models import Scope, SetStatus
from equityhub.people.models import Place, Region, Role, System


class SetForm(forms.Form):
    name = forms.CharField(label="Name of the set", max_length=150)
    purpose = forms.CharField(
        label="What the set is for",
        help_text="Who it is for and what members will work on. Applicants see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    scope = forms.ChoiceField(label="Who can join", choices=Scope.choices, widget=forms.RadioSelect)
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        help_text="Only for a regional set.",
    )
    system = forms.ModelChoiceField(
        label="Integrated care system",
        queryset=System.objects.all(),
        required=False,
        help_text="Only for a set of one integrated care system.",
    )
    place = forms.ModelChoiceField(
        label="Place",
        queryset=Place.objects.select_related("system"),
        required=False,
        help_text="Only for a set of one place.",
    )
    size_cap = forms.IntegerField(
        label="Most members",
        initial=8,
        min_value=2,
        max_value=12,
        help_text="Action learning sets work best with 4 to 8 members. "
        "When the set is full, people go on a waiting list.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    retention_months = forms.IntegerField(
        label="Months to keep notes after the set closes",
        initial=12,
        min_value=1,
        max_value=120,
        help_text="Issues, actions, questions and reflections are deleted this long after "
        "the set closes. Agree it with the members.",
    )


class SetEditForm(SetForm):
    status = forms.ChoiceField(
        label="Status",
        choices=SetStatus.choices,
        widget=forms.RadioSelect,
        help_text="Closing a set cannot be undone; its notes are deleted after the period above.",
    )


class ApplyForm(forms.Form):
    message = forms.CharField(
        label="Why you would like to join",
        help_text="Only the facilitator sees this.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to invite")

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                "No one with that email address has an Equity Hub account."
                " Invite them to Equity Hub first."
            )
        return user


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to read this set?",
        help_text="For example, a safeguarding concern or a complaint you are investigating. "
        "This goes in the audit log and the facilitator is told.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


OVERRIDE_HELP = (
    "For the programme team: add people who work outside the set's area. "
    "This is recorded in the audit log."
)


class BulkFileForm(forms.Form):
    people = forms.FileField(
        label="CSV file of people",
        help_text="A header row with the column email and, if you like, full_name; then one "
        "person per row. Save it from your spreadsheet as CSV UTF-8.",
    )
    override_scope = forms.BooleanField(
        label="Add people from outside the set's area", required=False, help_text=OVERRIDE_HELP
    )


class BulkAreaForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.order_by("name"), required=False,
        empty_label="Choose a region",
    )  # fmt: skip
    system = forms.ModelChoiceField(
        label="Or an integrated care system", queryset=System.objects.order_by("name"),
        required=False, empty_label="Choose a system",
    )  # fmt: skip
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    override_scope = forms.BooleanField(
        label="Add people from outside the set's area", required=False, help_text=OVERRIDE_HELP
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("region") and not cleaned.get("system"):
            raise forms.ValidationError("Choose a region or a system")
        return cleaned


class CoFacilitatorForm(InviteForm):
    email = forms.EmailField(
        label="Email address of the facilitator",
        help_text="They must already be a facilitator on Equity Hub.",
    )
