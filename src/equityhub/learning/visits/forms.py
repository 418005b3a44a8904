"""Forms for exchange visits."""

from __future__ import annotations

from django import forms

from equityhub.learning.visits.models import ListingKind
from equityhub.library.taxonomy import Topic


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Are you offering or asking?", choices=ListingKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, “Come and see our community health worker programme”.",
    )
    description = forms.CharField(
        label="Details",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What there is to see (or what you would like to see), where, and when suits.",
    )
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="We match offers and requests that share a topic.",
        error_messages={"required": "Choose at least one topic, so that we can match it"},
    )


class ArrangeForm(forms.Form):
    message = forms.CharField(
        label="A note to them",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, who would come and what you most want to learn.",
    )


class AnswerForm(forms.Form):
    visit_date = forms.DateField(
        label="Date of the visit",
        required=False,
        widget=forms.DateInput(),
        help_text="For example, 2027-03-14. Needed to agree.",
    )


class NoteForm(forms.Form):
    learning_note = forms.CharField(
        label="What you learned",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you saw, what surprised you, and what you will try at home. "
        "Both of you can read it.",
    )
