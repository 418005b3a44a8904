"""The form for making an API key."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.indicators.tokens.models import TokenScope
from equityhub.people.models import Organisation


class ApiKeyForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation the key is for")
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the key is for, for example the weekly pipeline.",
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices, widget=forms.RadioSelect, label="What the key may do"
    )
    days = forms.TypedChoiceField(
        choices=[(30, "30 days"), (90, "90 days"), (365, "1 year")],
        coerce=int,
        initial=90,
        label="The key stops working after",
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]  # type: ignore[attr-defined]
