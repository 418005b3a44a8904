"""Documents: the checks every uploaded document passes (size, content, the store's quota), and
the Wagtail document form with them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from equityhub.core.security import check_upload_content
from equityhub.core.uploads import STORE_FULL_MESSAGE, room_for


def check_document(upload: Any) -> None:
    """Refuse a document that is too large, not what its name says, or past the store's quota."""
    limit: int = settings.MAX_UPLOAD_BYTES
    if (upload.size or 0) > limit:
        megabytes = f"{limit / (1024 * 1024):.0f} MB"
        raise ValidationError(f"The file is too large: files must be smaller than {megabytes}")
    check_upload_content(upload, upload.name or "")
    if not room_for(upload.size or 0):
        raise ValidationError(STORE_FULL_MESSAGE)


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form, plus a content check and the quota."""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or upload == self.original_file:
            return upload
        check_document(upload)
        return upload
