"""The Wagtail document form, with a check of the file's content and the store's quota."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from equityhub.core.security import check_upload_content
from equityhub.core.uploads import STORE_FULL_MESSAGE, room_for


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, plus a content check and the quota."""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or upload == self.original_file:
            return upload
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError("The file is too large")
        check_upload_content(upload, upload.name)
        if not room_for(upload.size):
            raise ValidationError(STORE_FULL_MESSAGE)
        return upload
