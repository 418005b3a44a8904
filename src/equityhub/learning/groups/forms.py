"""Forms for study and coaching groups."""

from __future__ import annotations

from django import forms

from equityhub.learning.groups.models import GroupKind
from equityhub.library.models import ReadingList


class GroupForm(forms.Form):
    name = forms.CharField(label="Name of the group", max_length=150)
    description = forms.CharField(
        label="What the group is for",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who it is for and how often it meets. People deciding to join see this.",
    )
    kind = forms.ChoiceField(
        label="Kind of group", choices=GroupKind.choices, widget=forms.RadioSelect
    )
    reading_list = forms.ModelChoiceField(
        label="Reading list to follow",
        queryset=ReadingList.objects.order_by("title"),
        required=False,
        help_text="A study group follows a library reading list, item by item, on the dates "
        "set in the list. Optional for a coaching group.",
    )
    size_cap = forms.IntegerField(
        label="Most members",
        min_value=2,
        max_value=30,
        initial=12,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    open_to_join = forms.BooleanField(
        label="Anyone signed in can join",
        required=False,
        initial=True,
        help_text="Untick to add members yourself (usual for coaching groups).",
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your contribution",
        max_length=2000,
        error_messages={"required": "Write something to post"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few lines: what struck you, what you will try, a question for the group.",
    )


class AddMemberForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to add")
