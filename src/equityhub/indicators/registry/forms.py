"""The form for adding a local indicator to the registry."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.indicators.registry.models import Breakdown, IndicatorType, Polarity
from equityhub.people.models import Organisation


class LocalIndicatorForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation")
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What it measures, in plain English."
    )
    type = forms.ChoiceField(choices=IndicatorType.choices)
    polarity = forms.ChoiceField(choices=Polarity.choices, label="Better is")
    multiplier = forms.FloatField(initial=100, help_text="100 for a percentage.")
    unit = forms.CharField(max_length=60, required=False, help_text="For example, %")
    numerator_definition = forms.CharField(required=False, label="Numerator")
    denominator_definition = forms.CharField(required=False, label="Denominator")
    breakdowns = forms.MultipleChoiceField(
        choices=Breakdown.choices, widget=forms.CheckboxSelectMultiple, initial=["overall"]
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]  # type: ignore[attr-defined]
