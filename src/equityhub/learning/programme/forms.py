"""Forms of the programme team's pages: the England view's filters."""

from __future__ import annotations

from django import forms

from equityhub.core.models import User
from equityhub.learning.programme.england import EnglandFilters
from equityhub.people.models import OrganisationKind, Region, System

KIND_CHOICES = [
    ("", "Trusts and ICBs"),
    (OrganisationKind.TRUST.value, "NHS trusts"),
    (OrganisationKind.ICB.value, "Integrated care boards"),
]


class EnglandFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.order_by("name"), required=False,
        empty_label="All of England",
    )  # fmt: skip
    system = forms.ModelChoiceField(
        label="Integrated care system", queryset=System.objects.order_by("name"), required=False,
        empty_label="Every system",
    )  # fmt: skip
    kind = forms.ChoiceField(label="Type of organisation", choices=KIND_CHOICES, required=False)

    def filters(self) -> EnglandFilters:
        """The filters asked for; a form with mistakes shows the whole of England."""
        if not self.is_valid():
            return EnglandFilters()
        data = self.cleaned_data
        return EnglandFilters(region=data["region"], system=data["system"], kind=data["kind"])


class CohortMessageForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. People get it in Equity Hub, and by email if they chose to.",
    )


class PairForm(forms.Form):
    one = forms.ModelChoiceField(
        label="First person", queryset=User.objects.none(), empty_label="Choose someone"
    )
    other = forms.ModelChoiceField(
        label="Second person", queryset=User.objects.none(), empty_label="Choose someone"
    )
    reason = forms.CharField(
        label="Why they would make good buddies",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both people see this when they are asked.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        open_to_it = User.objects.filter(buddy_profile__opted_in=True, is_active=True).order_by(
            "full_name"
        )
        for name in ("one", "other"):
            self.fields[name].queryset = open_to_it  # type: ignore[attr-defined]


class AreaOrganisationsForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.order_by("name"), required=False,
        empty_label="Choose a region",
    )  # fmt: skip
    system = forms.ModelChoiceField(
        label="Or an integrated care system", queryset=System.objects.order_by("name"),
        required=False, empty_label="Choose a system",
    )  # fmt: skip
    kind = forms.ChoiceField(label="Type of organisation", choices=KIND_CHOICES, required=False)
