"""The form for uploading a return."""

from __future__ import annotations

from typing import Any

from django import forms

from equityhub.people.models import Organisation


class UploadForm(forms.Form):
    organisation = forms.ChoiceField(label="Organisation the data are for")
    file = forms.FileField(
        label="File (CSV or XLSX)",
        help_text="The tidy format or a Fingertips 'all data' CSV. Aggregated counts only.",
    )
    publish = forms.BooleanField(
        label="Results may be published openly (after small-number suppression)", required=False
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an XLSX file")
        return upload
