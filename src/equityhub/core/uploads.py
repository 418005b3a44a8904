"""Uploaded files: a storage that respects a quota, and the checked Wagtail document form.

Uploads live under MEDIA_ROOT, outside the static web root; Wagtail serves documents through its
own view as attachments with `X-Content-Type-Options: nosniff` (see settings).

`MEDIA_QUOTA_BYTES` (0 = no quota) caps what the file store may hold: a write that would pass it
is refused with `StorageFull`, and the document form (`uploads_documents`) says so first.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage

STORE_FULL_MESSAGE = (
    "The file store is full, so the file was not saved. Try again later or contact an "
    "administrator."
)


class StorageFull(OSError):
    def __init__(self) -> None:
        super().__init__(errno.ENOSPC, STORE_FULL_MESSAGE)


def used_bytes(root: str | os.PathLike[str]) -> int:
    base = Path(root)
    if not base.exists():
        return 0
    return sum(path.stat().st_size for path in base.rglob("*") if path.is_file())


def room_for(size: int, root: str | os.PathLike[str] | None = None) -> bool:
    quota: int = settings.MEDIA_QUOTA_BYTES
    if not quota:
        return True
    return used_bytes(root or settings.MEDIA_ROOT) + size <= quota


class QuotaFileSystemStorage(FileSystemStorage):
    """The local file store, refusing writes past MEDIA_QUOTA_BYTES."""

    def _save(self, name: str, content: Any) -> str:
        if not room_for(content.size or 0, self.location):
            raise StorageFull()
        return super()._save(name, content)  # type: ignore[misc]
