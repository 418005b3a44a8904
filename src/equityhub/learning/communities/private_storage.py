"""Where community files are kept: the private folder of the file store.

Files shared in a community are never public media: they live under MEDIA_ROOT/private, which
nothing serves by address (`config.media` refuses it even in development), and are read only
through `learning:community-file`, which checks the reader's membership first. Being under
MEDIA_ROOT, they are in backups and count towards the store's quota. The folder follows
MEDIA_ROOT wherever it is set (each test process has its own).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage

from equityhub.core.uploads import StorageFull, room_for

PRIVATE_FOLDER = "private"  # the same name `config.media` refuses to serve

if TYPE_CHECKING:
    from equityhub.learning.communities.models import CommunityFile


def private_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PRIVATE_FOLDER


class PrivateFileStorage(FileSystemStorage):
    """The file store's private folder: no web address, and the store's quota respected."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(private_root())

    @property
    def location(self) -> str:
        return str(private_root().resolve())

    def _save(self, name: str, content: File[bytes]) -> str:
        # The quota covers the whole file store, not only this folder.
        if not room_for(content.size or 0):
            raise StorageFull()
        return super()._save(name, content)  # type: ignore[misc]

    def url(self, name: str | None) -> str:
        raise ValueError("Community files have no public address: use learning:community-file")


def private_files() -> PrivateFileStorage:
    """The storage of `CommunityFile.file` (a callable, so migrations name it, not a path)."""
    return PrivateFileStorage()


def community_file_path(instance: CommunityFile, filename: str) -> str:
    """A random name on disk (the person's file name is kept in the database only)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"communities/{instance.community_id}/{uuid.uuid4().hex}.{extension}"
