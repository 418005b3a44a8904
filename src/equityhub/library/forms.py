"""Forms of the library: search filters, suggestions, proposed edits, decisions, comments."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from equityhub.library import taxonomy
from equityhub.library.contributions import Contribution
from equityhub.library.models import Geography, Kind, Level

PUBLISHED_CHOICES = [
    ("2y", "In the last 2 years"),
    ("5y", "In the last 5 years"),
    ("older", "More than 5 years ago"),
]
FRESHNESS_CHOICES = [
    ("current", "Reviewed and current"),
    ("overdue", "Review overdue"),
]
SORT_CHOICES = [("relevance", "Best match"), ("newest", "Newest first")]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search the library")
    kind = forms.MultipleChoiceField(required=False, choices=Kind.choices, label="Type")
    topic = forms.MultipleChoiceField(required=False, label="Topic")
    audience = forms.MultipleChoiceField(required=False, label="Professional group")
    level = forms.ChoiceField(required=False, choices=[("", "Any"), *Level.choices])
    geography = forms.ChoiceField(required=False, choices=[("", "Any"), *Geography.choices])
    published = forms.ChoiceField(required=False, choices=[("", "Any time"), *PUBLISHED_CHOICES])
    freshness = forms.ChoiceField(required=False, choices=[("", "Any"), *FRESHNESS_CHOICES])
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics, audiences = taxonomy.choices()
        cast(forms.ChoiceField, self.fields["topic"]).choices = topics
        cast(forms.ChoiceField, self.fields["audience"]).choices = audiences

    def valid_values(self) -> dict[str, Any]:
        """The filters that passed validation; a bad value drops that filter, not the search."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: cleaned.get(name) for name in self.fields if name not in self.errors}
        for name in ("kind", "topic", "audience"):
            values[name] = list(values.get(name) or [])
        values["q"] = (values.get("q") or "").strip()
        values["sort"] = values.get("sort") or "relevance"
        return values


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["title", "summary", "link", "publisher", "credit_name"]
        labels = {
            "title": "Title",
            "summary": "What it is and why it helps",
            "link": "Web address",
            "publisher": "Who published it",
            "credit_name": "Name to credit",
        }
        help_texts = {
            "summary": "A few sentences in plain English.",
            "credit_name": "Leave empty to be credited by your own name.",
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError("Enter a title of at least 5 characters")
        return title

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"].strip()
        if len(summary) < 20:
            raise forms.ValidationError("Enter a summary of at least 20 characters")
        return summary


class ResourceSuggestionForm(SuggestionForm):
    def clean_link(self) -> str:
        link = self.cleaned_data["link"]
        if not link:
            raise forms.ValidationError("Enter the web address where the resource can be read")
        return str(link)


class CaseStudySuggestionForm(SuggestionForm):
    class Meta(SuggestionForm.Meta):
        fields = [
            "title",
            "organisation_name",
            "summary",
            "context",
            "problem",
            "what_was_done",
            "results",
            "learning",
            "link",
            "credit_name",
        ]
        labels = {
            **SuggestionForm.Meta.labels,
            "organisation_name": "Organisation",
            "context": "Context",
            "problem": "The problem",
            "what_was_done": "What was done",
            "results": "Results",
            "learning": "What was learned",
            "link": "Web address (optional)",
        }

    def clean_what_was_done(self) -> str:
        text = self.cleaned_data["what_was_done"].strip()
        if not text:
            raise forms.ValidationError("Describe what was done")
        return text


class ProposedEditForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["change", "credit_name"]
        labels = {"change": "What should change, and why", "credit_name": "Name to credit"}

    def clean_change(self) -> str:
        change = self.cleaned_data["change"].strip()
        if len(change) < 10:
            raise forms.ValidationError("Describe the change in at least 10 characters")
        return change


class DecisionForm(forms.Form):
    DECISIONS = [
        ("accept", "Accept: create a draft page"),
        ("publish", "Accept and publish now"),
        ("changes", "Ask the contributor for changes"),
        ("reject", "Do not accept"),
    ]
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.RadioSelect, label="Decision")
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message to the contributor",
        help_text="Needed when you ask for changes or do not accept.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") in {"changes", "reject"}
            and not cleaned.get("message", "").strip()
        ):
            self.add_error("message", "Say what needs to change, or why it is not accepted")
        return cleaned


class CommentForm(forms.Form):
    text = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}), label="Your comment"
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter a comment")
        return text


class StepProgressForm(forms.Form):
    done = forms.BooleanField(required=False, label="I have done this step")
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Private reflective note",
        help_text="Only you can see this.",
    )
