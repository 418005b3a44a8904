"""Files shared in a community: checked like every upload, kept privately, read by members.

An upload goes through the same checks as the library's documents: the largest size
(`MAX_UPLOAD_BYTES`), the document types the library accepts (`WAGTAILDOCS_EXTENSIONS`), content
that matches the name (`core.security.check_upload_content`, so a program renamed `.pdf` is
refused) and the file store's quota. Files are stored under a random name in the store's
private folder (`private_storage`) and served only by `learning:community-file` to members.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.uploads_documents import check_document
from equityhub.learning.communities.members import can_moderate, require_member
from equityhub.learning.communities.models import Community, CommunityFile


def allowed_extensions() -> list[str]:
    return list(settings.WAGTAILDOCS_EXTENSIONS)


def check_upload(upload: UploadedFile) -> None:
    """Refuse a type the library does not accept, then what every document upload refuses."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed_extensions():
        kinds = ", ".join(e.upper() for e in allowed_extensions())
        raise ValidationError(f"{name or 'The file'} is not a type we accept. Share a {kinds} file")
    check_document(upload)


@transaction.atomic
def file_share(
    *,
    by: User,
    community: Community,
    title: str,
    upload: UploadedFile,
    request: HttpRequest | None = None,
) -> CommunityFile:
    """A member shares a file with the community (checked again here, whatever the form did)."""
    require_member(by, community, "share files")
    if not title.strip():
        raise ValidationError({"title": "Say what the file is"})
    try:
        check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from error
    original = (upload.name or "file").rsplit("/", 1)[-1][:200]
    shared = CommunityFile(
        community=community,
        uploaded_by=by,
        title=title.strip(),
        original_name=original,
        size=upload.size or 0,
    )
    shared.file.save(original, upload, save=False)
    shared.save()
    audit_record(
        action="learning.community.file_share",
        actor=by,
        target=community,
        detail={"file": shared.pk, "name": original, "bytes": shared.size},
        request=request,
    )
    return shared


@transaction.atomic
def file_remove(*, by: User, shared: CommunityFile, request: HttpRequest | None = None) -> None:
    """The person who shared a file, or a moderator, removes it (from the store too)."""
    if shared.uploaded_by_id != by.pk and not can_moderate(by, shared.community):
        raise PermissionDenied("Only the person who shared it or a moderator removes a file")
    audit_record(
        action="learning.community.file_remove",
        actor=by,
        target=shared.community,
        detail={"file": shared.pk, "name": shared.original_name},
        request=request,
    )
    name = shared.file.name or ""
    storage = shared.file.storage
    shared.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
