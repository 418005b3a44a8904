"""The form for recording a rated judgement with its evidence."""

from __future__ import annotations

from django import forms

from equityhub.indicators.judgements.models import Rating


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
