"""Forms of communities of practice. They parse input; services decide what is allowed."""

from __future__ import annotations

from django import forms


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
