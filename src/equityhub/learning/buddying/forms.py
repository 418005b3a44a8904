"""Forms for buddying. They parse input; `buddying.services` decides what is allowed."""

from __future__ import annotations

from django import forms

from equityhub.learning.buddying.models import Background, Distance, Stage
from equityhub.people.models import Interest


class BuddyProfileForm(forms.Form):
    opted_in = forms.BooleanField(
        label="Suggest me as a buddy to others",
        required=False,
        initial=True,
        help_text="Untick to stop being suggested. Your current buddies are not affected.",
    )
    stage = forms.ChoiceField(
        label="What are you looking for?", choices=Stage.choices, widget=forms.RadioSelect
    )
    background = forms.ChoiceField(
        label="Your professional background",
        choices=[("", "Choose your background"), *Background.choices],
    )
    interests = forms.ModelMultipleChoiceField(
        label="Your interests",
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shared interests make a good match.",
    )
    distance = forms.ChoiceField(
        label="Where should your buddy work?", choices=Distance.choices, widget=forms.RadioSelect
    )
    about = forms.CharField(
        label="A line about you",
        max_length=300,
        required=False,
        help_text="People suggested to you see this, for example what you hope to learn.",
    )


class ProposeForm(forms.Form):
    message = forms.CharField(
        label="A note to them",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what you would like to talk about first.",
    )


class CheckInForm(forms.Form):
    note = forms.CharField(
        label="How it is going",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your buddy sees this. Keep anything confidential out of it.",
    )
