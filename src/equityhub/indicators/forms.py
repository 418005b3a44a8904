"""Forms of the indicators pages: uploading a return, adopting an indicator with a target."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.core.models import User
from equityhub.indicators.models import (
    Breakdown,
    IndicatorType,
    PilotStatus,
    Polarity,
    Rating,
    TargetMeasure,
    TokenScope,
)
from equityhub.people.models import Membership, Organisation


class UploadForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation the data are for")
    file = forms.FileField(
        label="File (CSV or XLSX)",
        help_text="The tidy format or a Fingertips 'all data' CSV. Aggregated counts only.",
    )
    publish = forms.BooleanField(
        label="Results may be published openly (after small-number suppression)", required=False
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an XLSX file")
        return upload


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


class ApiKeyForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation the key is for")
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the key is for, for example the weekly pipeline.",
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices, widget=forms.RadioSelect, label="What the key may do"
    )
    days = forms.TypedChoiceField(
        choices=[(30, "30 days"), (90, "90 days"), (365, "1 year")],
        coerce=int,
        initial=90,
        label="The key stops working after",
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]  # type: ignore[attr-defined]


class JudgementForm(forms.Form):
    period = forms.CharField(
        max_length=10, help_text="For example 2025-26 (financial year) or 2025-Q3 (quarter)"
    )
    rating = forms.TypedChoiceField(
        choices=Rating.choices, coerce=int, widget=forms.RadioSelect, label="Rating"
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the rating rests on: board minutes, audits, examples, who agreed it.",
    )


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
        from equityhub.indicators.models import Indicator

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
