"""The form for adopting an indicator with an owner and a target."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.core.models import User
from equityhub.indicators.dashboard.models import TargetMeasure
from equityhub.people.models import Membership, Organisation


class AdoptForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Owner",
        help_text="Who answers for this indicator at board.",
    )
    target_measure = forms.ChoiceField(choices=TargetMeasure.choices, label="The target is for")
    target_value = forms.FloatField(required=False, label="Target value")
    target_date = forms.DateField(
        required=False,
        label="Target date",
        help_text="For example, 2027-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    target_text = forms.CharField(
        required=False,
        max_length=200,
        label="The target in words",
        help_text="For example, halve the gap between the most and least deprived by March 2027",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.approved().filter(organisation=organisation)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=members.values("user_id")
        ).order_by("full_name")
