"""Files shared in a community: the project's upload checks (size, type, content), private
storage, and downloads for members only. Hostile files are refused with a clear message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from equityhub.config.media import PRIVATE_FOLDER as CONFIG_PRIVATE_FOLDER
from equityhub.config.media import is_private, serve_public_media
from equityhub.core.models import AuditEvent
from equityhub.learning.communities import services
from equityhub.learning.communities.files import file_share
from equityhub.learning.communities.members import community_join
from equityhub.learning.communities.private_storage import PRIVATE_FOLDER, private_root
from equityhub.learning.models import Community, CommunityFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def community(people: dict[str, Any]) -> Community:
    community = services.community_create(
        by=people["facilitator"], name="Anchor institutions", description="Buying locally"
    )
    community_join(user=people["member"], community=community)
    return community


def _stored() -> set[Path]:
    return set(private_root().rglob("*.*")) if private_root().exists() else set()


def _pdf(name: str = "charter.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _share_url(community: Community) -> str:
    return reverse("learning:community-file-share", kwargs={"pk": community.pk})


def test_a_member_shares_a_file_kept_in_the_private_folder(
    community: Community, people: dict
) -> None:
    shared = file_share(by=people["member"], community=community, title="Charter", upload=_pdf())
    on_disk = Path(shared.file.path)
    assert on_disk.read_bytes() == PDF
    assert private_root().resolve() in on_disk.parents  # under MEDIA_ROOT: backed up, quota
    assert "charter" not in on_disk.name  # a random name on disk
    relative = on_disk.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    assert is_private(relative) and PRIVATE_FOLDER == CONFIG_PRIVATE_FOLDER
    request = RequestFactory().get("/media/" + relative)
    for address in (relative, "./" + relative, "x/../" + relative, "/" + relative):
        with pytest.raises(Http404):  # not even the development server serves it
            serve_public_media(request, address)
    assert shared.original_name == "charter.pdf" and shared.size == len(PDF)
    with pytest.raises(ValueError, match="no public address"):
        _ = shared.file.url
    event = AuditEvent.objects.get(action="learning.community.file_share")
    assert event.detail["name"] == "charter.pdf"


def test_outsiders_cannot_share(community: Community, people: dict, client_for: Any) -> None:
    with pytest.raises(PermissionDenied, match="Join the community to share files"):
        file_share(by=people["outsider"], community=community, title="Mine", upload=_pdf())
    client = client_for(people["outsider"])
    assert client.get(_share_url(community)).status_code == 403
    response = client.post(_share_url(community), {"title": "Mine", "upload": _pdf()})
    assert response.status_code == 403
    assert client_for(None).get(_share_url(community)).status_code == 302
    assert not CommunityFile.objects.exists()


def _office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "not a type we accept"),
        ("page.html", b"<script>alert(1)</script>", "not a type we accept"),
        ("no-extension", b"%PDF-1.7", "not a type we accept"),
        ("charter.pdf", b"MZ\x90\x00 an executable pretending", "does not match its name"),
        ("charter.pdf", b"<html><script>alert(1)</script>", "does not match its name"),
        ("notes.docx", PDF, "does not match its name"),
        ("figures.xlsx", _office("word"), "does not match its name"),
        ("figures.csv", b"\x00\x01\x02binary", "does not match its name"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(
    community: Community, people: dict, client_for: Any, name: str, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    before = _stored()
    response = client_for(people["member"]).post(
        _share_url(community), {"title": "Looks fine", "upload": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommunityFile.objects.exists()
    assert _stored() == before  # nothing written to the store


def test_a_file_too_large_is_refused(
    community: Community, people: dict, client_for: Any, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 2048
    big = _pdf(content=PDF + b"0" * 3000)
    with pytest.raises(ValidationError, match="too large"):
        file_share(by=people["member"], community=community, title="Big", upload=big)
    bigger = _pdf(content=PDF + b"0" * 3000)  # the request is past the limit too: 413
    response = client_for(people["member"]).post(
        _share_url(community), {"title": "Big", "upload": bigger}
    )
    assert response.status_code == 413
    assert not CommunityFile.objects.exists()


def test_a_full_store_is_said_plainly(
    community: Community, people: dict, client_for: Any, settings: Any
) -> None:
    settings.MEDIA_QUOTA_BYTES = 10
    response = client_for(people["member"]).post(
        _share_url(community), {"title": "Charter", "upload": _pdf()}
    )
    assert response.status_code == 400
    assert "The file store is full" in response.content.decode()


def test_files_are_downloaded_by_members_only(
    community: Community, people: dict, client_for: Any
) -> None:
    shared = file_share(by=people["member"], community=community, title="Charter", upload=_pdf())
    url = reverse("learning:community-file", kwargs={"pk": shared.pk})
    response = client_for(people["facilitator"]).get(url)  # the moderator, a member too
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="charter.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    outsider = client_for(people["outsider"])
    assert outsider.get(url).status_code == 403
    assert client_for(people["administrator"]).get(url).status_code == 403  # not a member
    assert client_for(None).get(url).status_code == 302
    assert client_for(people["member"]).get(url.replace(str(shared.pk), "999")).status_code == 404
    page = client_for(people["member"]).get(
        reverse("learning:community", kwargs={"pk": community.pk})
    )
    assert "Charter" in page.content.decode() and url in page.content.decode()
    outsider_page = outsider.get(reverse("learning:community", kwargs={"pk": community.pk}))
    assert url not in outsider_page.content.decode()


def test_the_sharer_or_a_moderator_removes_a_file(
    community: Community, people: dict, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    community_join(user=people["other_member"], community=community)
    shared = file_share(by=people["member"], community=community, title="Charter", upload=_pdf())
    on_disk = Path(shared.file.path)
    url = reverse("learning:community-file-remove", kwargs={"pk": shared.pk})
    assert client_for(people["other_member"]).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(people["facilitator"]).post(url).status_code == 302
    assert not CommunityFile.objects.exists() and not on_disk.exists()
    assert AuditEvent.objects.filter(action="learning.community.file_remove").exists()


def test_the_share_page_works_for_members(
    community: Community, people: dict, client_for: Any
) -> None:
    client = client_for(people["member"])
    page = client.get(_share_url(community)).content.decode()
    assert 'enctype="multipart/form-data"' in page and "PDF" in page
    assert client.post(_share_url(community), {"title": ""}).status_code == 400
    response = client.post(_share_url(community), {"title": "Charter", "upload": _pdf()})
    assert response.status_code == 302
    assert CommunityFile.objects.get().title == "Charter"
