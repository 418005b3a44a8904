"""Forms of the learning pillar. They parse input; services decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.sets.models import ReviewStatus, Scope, SetStatus
from equityhub.people.models import Place, Region, System


class SetForm(forms.Form):
    name = forms.CharField(label="Name of the set", max_length=150)
    purpose = forms.CharField(
        label="What the set is for",
        help_text="Who it is for and what members will work on. Applicants see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    scope = forms.ChoiceField(label="Who can join", choices=Scope.choices, widget=forms.RadioSelect)
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        help_text="Only for a regional set.",
    )
    system = forms.ModelChoiceField(
        label="Integrated care system",
        queryset=System.objects.all(),
        required=False,
        help_text="Only for a set of one integrated care system.",
    )
    place = forms.ModelChoiceField(
        label="Place",
        queryset=Place.objects.select_related("system"),
        required=False,
        help_text="Only for a set of one place.",
    )
    size_cap = forms.IntegerField(
        label="Most members",
        initial=8,
        min_value=2,
        max_value=12,
        help_text="Action learning sets work best with 4 to 8 members. "
        "When the set is full, people go on a waiting list.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
    )
    retention_months = forms.IntegerField(
        label="Months to keep notes after the set closes",
        initial=12,
        min_value=1,
        max_value=120,
        help_text="Issues, actions, questions and reflections are deleted this long after "
        "the set closes. Agree it with the members.",
    )


class SetEditForm(SetForm):
    status = forms.ChoiceField(
        label="Status",
        choices=SetStatus.choices,
        widget=forms.RadioSelect,
        help_text="Closing a set cannot be undone; its notes are deleted after the period above.",
    )


class ApplyForm(forms.Form):
    message = forms.CharField(
        label="Why you would like to join",
        help_text="Only the facilitator sees this.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address of the person to invite")

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                "No one with that email address has an Equity Hub account."
                " Invite them to Equity Hub first."
            )
        return user


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


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to read this set?",
        help_text="For example, a safeguarding concern or a complaint you are investigating. "
        "This goes in the audit log and the facilitator is told.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommunityForm(forms.Form):
    name = forms.CharField(label="Name of the community", max_length=150)
    description = forms.CharField(
        label="What it is about", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ThreadForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        label="Your message",
        max_length=5000,
        help_text="Mention someone with @ and the part of their email address before the @, "
        "for example @amara.okafor.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        error_messages={"required": "Write your reply"},
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CaptureForm(forms.Form):
    title = forms.CharField(label="Title of the case study", max_length=255)
    summary = forms.CharField(
        label="Summary of what was learned",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="At least 20 characters. Editors check it before anything is published.",
    )
    what_was_done = forms.CharField(
        label="What was done", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    results = forms.CharField(
        label="Results", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
