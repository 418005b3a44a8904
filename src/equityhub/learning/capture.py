"""Capture the learning: send what a discussion or a visit taught to the library's editors.

Threads and exchange visits both keep the suggestion they became in `captured_as`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.library.services import contribution_submit


def capture_as_case_study(
    *,
    by: User,
    source: Any,
    action: str,
    context: str,
    title: str,
    summary: str,
    what_was_done: str,
    results: str,
    request: HttpRequest | None,
) -> None:
    """Submit a case study suggestion, link `source` to it and audit the capture as `action`."""
    contribution = contribution_submit(
        contributor=by,
        kind="case_study",
        data={
            "title": title,
            "summary": summary,
            "context": context,
            "what_was_done": what_was_done,
            "results": results,
        },
    )
    source.captured_as = contribution
    source.save(update_fields=["captured_as"])
    audit_record(
        action=action,
        actor=by,
        target=source,
        detail={"contribution": contribution.pk},
        request=request,
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
