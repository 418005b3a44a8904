"""Forms for improvement collaboratives."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.indicators.models import Indicator
from equityhub.people.models import Organisation


class CollaborativeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150)
    goal = forms.CharField(
        label="Improvement goal",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What will be better, for whom, by how much and by when.",
    )
    indicator = forms.ModelChoiceField(
        label="Indicator that measures the goal",
        queryset=Indicator.objects.filter(owner_organisation__isnull=True).order_by("name"),
        help_text="Each member's figures for it are charted on the collaborative's page.",
    )
    starts_on = forms.DateField(label="Starts on", help_text="For example, 2027-01-04")
    ends_on = forms.DateField(label="Ends on", help_text="For example, 2027-12-17")


class JoinForm(forms.Form):
    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label="Organisation",
            queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
        )


class CycleForm(forms.Form):
    title = forms.CharField(label="The change you are testing", max_length=200)
    plan = forms.CharField(
        label="Plan",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you will try, who with, and what you expect to happen.",
    )
    do = forms.CharField(
        label="Do: what happened",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    study = forms.CharField(
        label="Study: what the data showed",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    act = forms.CharField(
        label="Act: what you will do next",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Adopt, adapt or abandon the change.",
    )


class ShowcaseForm(forms.Form):
    showcase = forms.CharField(
        label="What changed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For the public: what members did, what improved, and what others can learn. "
        "No one's personal details.",
    )
