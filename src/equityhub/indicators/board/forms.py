"""Forms of the board papers and the statement narrative.

Actions are a formset with blank rows: a row left wholly blank is ignored, a row with an owner,
date or progress but no text is an error naming its text field. "Add another action" is a submit
button that redraws the form with one more blank row (no JavaScript needed); each row has a
"Remove this action" box.
"""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.indicators.board.models import ActionProgress
from equityhub.indicators.registry.models import Indicator

EXTRA_ACTION_ROWS = 2
NARRATIVE_ROWS = {"rows": 5}


def narratives_of(form: forms.Form) -> dict[str, str]:
    """The filled-in narrative boxes, by indicator code."""
    return {
        name.removeprefix("narrative_"): str(value)
        for name, value in form.cleaned_data.items()
        if name.startswith("narrative_") and str(value).strip()
    }


def add_narrative_fields(
    form: forms.Form, sections: list[tuple[str, str]], help_text: str = ""
) -> None:
    """One optional narrative box per section, named ``narrative_<indicator code>``."""
    for code, name in sections:
        form.fields[f"narrative_{code}"] = forms.CharField(
            required=False,
            label=f"Narrative: {name}",
            widget=forms.Textarea(attrs=NARRATIVE_ROWS),
            help_text=help_text,
        )


class PaperForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example, Health inequalities: quarterly report to the board",
        error_messages={"required": "Enter a title"},
    )
    meeting_date = forms.DateField(
        label="Board meeting date",
        help_text="For example, 2026-03-31",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the board meeting date",
            "invalid": "Enter the meeting date as a real date, like 2026-03-31",
        },
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators to report on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one indicator"},
    )

    def __init__(self, *args: Any, choices: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(i.code, i.name) for i in choices]  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise forms.ValidationError("Enter a title")
        return title


class NarrativeForm(forms.Form):
    """The asks, the summary and one narrative box per section (fields named narrative_<code>)."""

    asks = forms.CharField(
        required=False,
        label="What the board is asked to do",
        widget=forms.Textarea(attrs=NARRATIVE_ROWS),
        help_text="One request a line, for example: Approve the action plan for waiting times. "
        "These open the paper, before anything else.",
    )
    summary = forms.CharField(
        required=False,
        label="Summary for the board",
        widget=forms.Textarea(attrs=NARRATIVE_ROWS),
        help_text="What the board should take from this paper. Leave a blank line between "
        "paragraphs.",
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_narrative_fields(
            self,
            sections,
            "What the figures mean, what is being done and what the board is asked.",
        )

    def narratives(self) -> dict[str, str]:
        return narratives_of(self)


class ActionForm(forms.Form):
    text = forms.CharField(required=False, max_length=500, label="Action")
    owner = forms.CharField(required=False, max_length=200, label="Owner")
    due = forms.DateField(
        required=False,
        label="Due date",
        help_text="For example, 2026-06-30",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the due date as a real date, like 2026-06-30"},
    )
    progress = forms.ChoiceField(choices=ActionProgress.choices, label="Progress")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and not str(data.get("text") or "").strip():
            self.add_error("text", "Say what the action is, or clear the row")
        return data

    def has_changed(self) -> bool:
        """A row counts as filled in when it has text, an owner or a due date."""
        return any(
            str(self.data.get(self.add_prefix(f)) or "").strip() for f in ("text", "owner", "due")
        )

    def action(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not str(data.get("text") or "").strip():
            return None
        return {
            "text": str(data["text"]).strip(),
            "owner": str(data.get("owner") or "").strip(),
            "due": data["due"].isoformat() if data.get("due") else "",
            "progress": str(data.get("progress") or ActionProgress.NOT_STARTED),
        }


class BaseActionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this action"


ActionFormSet = forms.formset_factory(
    ActionForm, formset=BaseActionFormSet, extra=EXTRA_ACTION_ROWS, can_delete=True
)


class StatementForm(forms.Form):
    introduction = forms.CharField(
        required=False,
        label="Introduction",
        widget=forms.Textarea(attrs=NARRATIVE_ROWS),
        help_text="How the organisation uses these figures and what it is doing about them.",
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_narrative_fields(self, sections)

    def narratives(self) -> dict[str, str]:
        return narratives_of(self)
