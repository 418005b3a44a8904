"""Forms of communities of practice. They parse input; services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from equityhub.learning.communities.files import allowed_extensions, check_upload
from equityhub.learning.communities.models import Community


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


class AnnouncementForm(forms.Form):
    title = forms.CharField(label="Title", max_length=150)
    body = forms.CharField(
        label="Announcement",
        max_length=3000,
        help_text="Members are told in Equity Hub, and by email if they chose to be.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FileForm(forms.Form):
    title = forms.CharField(
        label="What the file is", max_length=150, help_text="For example, Our anchor charter."
    )
    upload = forms.FileField(label="File", error_messages={"required": "Choose a file to share"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = ", ".join(e.upper() for e in allowed_extensions())
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["upload"].help_text = f"A {kinds} file, smaller than {limit} MB."

    def clean_upload(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["upload"]
        check_upload(upload)
        return upload


class ContinueForm(forms.Form):
    community = forms.ModelChoiceField(
        label="Carry on in a community you moderate",
        queryset=Community.objects.none(),
        required=False,
        empty_label="A new community",
    )
    name = forms.CharField(
        label="Name of the new community",
        max_length=150,
        required=False,
        help_text="Leave it empty if you chose a community above.",
    )
    description = forms.CharField(
        label="What it is about",
        max_length=2000,
        required=False,
        help_text="Leave it empty to use the set's purpose.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, communities: QuerySet[Community], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communities
