"""The form that turns a finished pilot into a case study suggestion for the library."""

from __future__ import annotations

from django import forms


def _text(label: str, rows: int = 3, **options: object) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **options)  # type: ignore[arg-type]


class PilotCaseStudyForm(forms.Form):
    title = forms.CharField(label="Title of the case study", max_length=255)
    summary = _text(
        "Summary",
        help_text="At least 20 characters. Editors check it before anything is published.",
    )
    context = _text("Context: the problem and who it affects", required=False)
    what_was_done = _text("What was done", required=False)
    results = _text(
        "Results",
        rows=6,
        required=False,
        help_text="Drafted from the pilot's evaluation: check the words before you send them.",
    )
    learning = _text("What others can learn from it", required=False)
