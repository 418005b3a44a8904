"""Where community files are kept: a file store outside the media folder's web address.

Files shared in a community are never public media: nothing serves this folder by address. They
are read only through `learning:community-file`, which checks the reader's membership first.
The folder sits beside MEDIA_ROOT (`var/media-private` beside `var/media`), so it follows
MEDIA_ROOT wherever it is set (each test process has its own), and the same quota rules apply.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from equityhub.core.uploads import QuotaFileSystemStorage

if TYPE_CHECKING:
    from equityhub.learning.communities.models import CommunityFile


def private_root() -> Path:
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


class PrivateFileStorage(QuotaFileSystemStorage):
    """The quota-respecting file store, rooted in the private folder, with no web address."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(private_root())

    @property
    def location(self) -> str:
        return str(private_root().resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Community files have no public address: use learning:community-file")


def private_files() -> PrivateFileStorage:
    """The storage of `CommunityFile.file` (a callable, so migrations name it, not a path)."""
    return PrivateFileStorage()


def community_file_path(instance: CommunityFile, filename: str) -> str:
    """A random name on disk (the person's file name is kept in the database only)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"communities/{instance.community_id}/{uuid.uuid4().hex}.{extension}"
