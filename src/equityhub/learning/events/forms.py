"""Forms for events. They parse input; `events.services` decides what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from equityhub.learning.collaboratives.models import Collaborative
from equityhub.learning.events.models import EventKind
from equityhub.library.models import LibraryItem


class EventForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(
        label="What it is about",
        help_text="Who it is for, who is speaking and what people will take away.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kind = forms.ChoiceField(
        label="Kind of event", choices=EventKind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(
        label="Date", widget=forms.DateInput(), help_text="For example, 2027-03-14"
    )
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(), help_text="UK time")
    end_time = forms.TimeField(label="End time", widget=forms.TimeInput())
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=5000,
        initial=50,
        help_text="When every place is taken, people can join a waiting list.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    location = forms.CharField(
        label="Place", max_length=300, required=False, help_text="If people meet in person."
    )
    video_link = forms.URLField(
        label="Video link",
        max_length=500,
        required=False,
        help_text="Only people with a place see it.",
    )
    collaborative = forms.ModelChoiceField(
        label="Expert input session of a collaborative",
        queryset=Collaborative.objects.order_by("name"),
        required=False,
        help_text="Only if the event is part of an improvement collaborative.",
    )

    def event_fields(self) -> dict[str, Any]:
        """The cleaned fields as `Event` fields, times in UK local time (BST handled)."""
        data = dict(self.cleaned_data)
        tz = timezone.get_current_timezone()
        day = data.pop("date")
        data["starts_at"] = datetime.datetime.combine(day, data.pop("start_time"), tzinfo=tz)
        data["ends_at"] = datetime.datetime.combine(day, data.pop("end_time"), tzinfo=tz)
        return data

    @staticmethod
    def initial_for(event: Any) -> dict[str, Any]:
        start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        return {
            "title": event.title,
            "summary": event.summary,
            "kind": event.kind,
            "date": start.date(),
            "start_time": start.time().replace(second=0, microsecond=0),
            "end_time": end.time().replace(second=0, microsecond=0),
            "capacity": event.capacity,
            "location": event.location,
            "video_link": event.video_link,
            "collaborative": event.collaborative,
        }


class EventResourcesForm(forms.Form):
    recording_link = forms.URLField(
        label="Link to the recording",
        max_length=500,
        required=False,
        help_text="For example, the video on the NHS Futures platform.",
    )
    library_item = forms.ModelChoiceField(
        label="Resource in the library",
        queryset=LibraryItem.objects.live().order_by("title"),
        required=False,
        help_text="Slides, a write-up or the recording as a library resource.",
    )
