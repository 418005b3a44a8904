"""Forms of the people pages: directory and coverage filters, profile editing, seats.

Account forms (registration, invitations, role claims) are in `forms_accounts.py`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from equityhub.people.models import (
    ContactPreference,
    Interest,
    Organisation,
    OrganisationKind,
    Post,
    Profile,
    Region,
    Structure,
    System,
)
from equityhub.people.selectors import DirectoryFilters, current_structures

# Browsers without a date picker send what people type: accept the usual UK ways of writing it.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *[(str(value), str(text)) for value, text in choices]]


def _region_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Region.objects.all(),
        label="NHS England region",
        required=False,
        empty_label="Any region",
        to_field_name="code",
    )


def _kind_filter() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Type of organisation",
        required=False,
        choices=_blank("Any type", OrganisationKind.choices),
    )


class DirectoryFilterForm(forms.Form):
    """GET filters of the directory; every field is optional and they combine."""

    q = forms.CharField(label="Name, job title or organisation", required=False, max_length=100)
    region = _region_filter()
    system = forms.ModelChoiceField(
        System.objects.all(),
        label="Integrated care system",
        required=False,
        empty_label="Any system",
        to_field_name="code",
    )
    kind = _kind_filter()
    post = forms.ChoiceField(label="Post", required=False, choices=_blank("Any post", Post.choices))
    interest = forms.ModelChoiceField(
        Interest.objects.all(), label="Interest", required=False, empty_label="Any interest"
    )

    def filters(self) -> DirectoryFilters:
        """The valid filters (an invalid one is dropped, and its error shown)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            text=(data.get("q") or "").strip(),
            region=data.get("region"),
            system=data.get("system"),
            kind=data.get("kind") or "",
            post=data.get("post") or "",
            interest=data.get("interest"),
        )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name or ODS code", required=False, max_length=100)
    region = _region_filter()
    kind = _kind_filter()


class CoverageForm(forms.Form):
    """Choose one area: a region, or an integrated care system."""

    region = forms.ModelChoiceField(
        Region.objects.all(),
        label="NHS England region",
        required=False,
        empty_label="Choose a region",
        to_field_name="code",
    )
    system = forms.ModelChoiceField(
        System.objects.all(),
        label="Or an integrated care system",
        required=False,
        empty_label="Choose a system",
        to_field_name="code",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("region") and data.get("system"):
            raise forms.ValidationError("Choose a region or a system, not both.")
        return data

    def area(self) -> Region | System | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("system") or self.cleaned_data.get("region")


class ProfileForm(forms.ModelForm):
    """A person's own directory entry. Interests: tick existing ones, or type new ones."""

    new_interests = forms.CharField(
        label="Other interests",
        required=False,
        max_length=300,
        help_text="Separate each with a comma, for example: maternity, digital inclusion",
    )

    class Meta:
        model = Profile
        fields = [
            "organisation",
            "job_title",
            "post",
            "professional_background",
            "appointed_on",
            "interests",
            "bio",
            "contact_preference",
            "phone",
            "listed",
        ]
        labels = {
            "organisation": "Organisation",
            "post": "Board post",
            "appointed_on": "Date you were appointed as health inequalities lead",
            "bio": "Short biography",
            "contact_preference": "How would you like other members to contact you?",
            "listed": "Show me in the directory",
        }
        help_texts = {
            "job_title": "As your organisation writes it, for example: Chief nursing officer",
            "professional_background": "For example: nursing, public health, finance",
            "appointed_on": "For example, 1 April 2023",
            "bio": "What you work on and what you would like to learn (1,500 characters at most)",
            "phone": "Only shown to signed-in members if you choose phone",
        }
        widgets = {
            "appointed_on": forms.DateInput(attrs={"type": "date"}),
            "interests": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 6}),
            "contact_preference": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.current().order_by("name")  # type: ignore[attr-defined]
        organisation.empty_label = "Not linked to an organisation"  # type: ignore[attr-defined]
        self.fields["post"].choices = _blank("Choose a post", Post.choices)  # type: ignore[attr-defined]
        self.fields["contact_preference"].choices = ContactPreference.choices  # type: ignore[attr-defined]
        appointed = self.fields["appointed_on"]
        appointed.input_formats = DATE_FORMATS  # type: ignore[attr-defined]
        appointed.error_messages["invalid"] = (
            "Enter the date appointed as a real date, for example 1 April 2023"
        )
        self.order_fields([*self.Meta.fields[:6], "new_interests", *self.Meta.fields[6:]])

    def clean_appointed_on(self) -> Any:
        appointed = self.cleaned_data.get("appointed_on")
        if appointed and appointed > timezone.localdate():
            raise forms.ValidationError("The date appointed must be today or in the past")
        return appointed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_preference") == "phone" and not (data.get("phone") or "").strip():
            self.add_error("phone", "Enter a phone number, or choose another way to be contacted")
        return data

    def new_interest_names(self) -> list[str]:
        return [
            name for name in self.cleaned_data.get("new_interests", "").split(",") if name.strip()
        ]

    def profile_values(self) -> dict[str, Any]:
        """The cleaned values for `profile_update`; new interests go in as names."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["interests"] = [*values["interests"], *self.new_interest_names()]
        return values


class SeatForm(forms.Form):
    structure = forms.ModelChoiceField(
        Structure.objects.none(),
        label="ICS structure",
        empty_label="Choose a structure",
    )
    role = forms.CharField(
        label="Your role on it", max_length=150, help_text="For example: member, chair, observer"
    )
    started_on = forms.DateField(
        label="Date you joined",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For example, 15 January 2024",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not at import, so "current" means today.
        structures = current_structures().select_related("system").order_by("system__name", "name")
        self.fields["structure"].queryset = structures  # type: ignore[attr-defined]
        self.fields["structure"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.name} ({s.system.name})"
        )
