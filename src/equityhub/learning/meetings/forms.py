"""Forms of a set's meetings. They parse input; services decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.sets.models import ReviewStatus


class MeetingForm(forms.Form):
    date = forms.DateField(
        label="Date", widget=forms.DateInput(), help_text="For example, 2027-03-14"
    )
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(), help_text="UK time")
    end_time = forms.TimeField(label="End time", widget=forms.TimeInput())
    location = forms.CharField(
        label="Place",
        max_length=300,
        required=False,
        help_text="Where to meet in person, if you meet in person.",
    )
    video_link = forms.URLField(
        label="Video link",
        max_length=500,
        required=False,
        help_text="For example, a Microsoft Teams link.",
    )

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Start and end as UK local times (British Summer Time handled)."""
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=tz)
        end = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=tz)
        return start, end


class PresentationForm(forms.Form):
    issue = forms.CharField(
        label="The issue you brought", max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    record_private = forms.BooleanField(
        label="Also record the questions that helped and my reflections",
        required=False,
        help_text="Only if you want to. Members of the set and the facilitator can read them.",
    )
    questions = forms.CharField(
        label="Questions that helped",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reflections = forms.CharField(
        label="Your reflections",
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label="An action you commit to", max_length=500)


class ReviewForm(forms.Form):
    review_status = forms.ChoiceField(
        label="How did it go?",
        choices=[(s.value, s.label) for s in ReviewStatus if s != ReviewStatus.OPEN],
        widget=forms.RadioSelect,
    )
    learned = forms.CharField(
        label="What you learned",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.ModelMultipleChoiceField(
            label="Who came",
            queryset=User.objects.filter(pk__in=[m.pk for m in members]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
