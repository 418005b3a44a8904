"""Forms for registering a pilot and recording its status and learning."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.indicators.pilots.models import PilotStatus
from equityhub.people.models import Organisation


class PilotForm(forms.Form):
    name = forms.CharField(max_length=200)
    hypothesis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What should change, for whom, and why."
    )
    scope = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="Where and for whom."
    )
    start_period = forms.CharField(
        max_length=10, label="First period it ran in", help_text="For example 2025-Q3 or 2025-26"
    )
    indicator: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Indicator it should move"
    )
    comparator = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, label="Comparator organisation",
        to_field_name="code", help_text="Another organisation without the pilot (optional).",
    )  # fmt: skip

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        from equityhub.indicators.registry.models import Indicator

        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.usable_by(organisation).filter(  # type: ignore[attr-defined]
            type="proportion"
        )
        self.fields["comparator"].queryset = Organisation.objects.exclude(pk=organisation.pk)  # type: ignore[attr-defined]


class PilotUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=PilotStatus.choices)
    learning = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="What was learnt."
    )
