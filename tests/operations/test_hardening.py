"""Hardening: deploy checks, headers, upload limits and content checks, safe serving, HTML."""

from __future__ import annotations

import io
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from equityhub.core.security import check_upload_content, sanitise_rich_text
from equityhub.core.uploads import QuotaFileSystemStorage, StorageFull

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "equityhub.example.nhs.uk",
    "CSRF_TRUSTED_ORIGINS": "https://equityhub.example.nhs.uk",
    "SITE_URL": "https://equityhub.example.nhs.uk",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_PROXY": "true",
    "EMAIL_MODE": "smtp",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "PYTEST", "DEBUG", "SECURE", "DATABASE"))
    }
    env.update(PRODUCTION_ENV)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'deploy.sqlite3'}"
    env["VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "equityhub.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_send_a_permissions_policy(client: Client) -> None:
    policy = client.get("/").headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.django_db
def test_a_request_over_the_upload_limit_is_refused_with_a_clear_page(
    client: Client, settings: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 2048
    big = SimpleUploadedFile("big.csv", b"a,b\n" * 2000, content_type="text/csv")
    response = client.post("/accounts/sign-in/", {"file": big})
    assert response.status_code == 413
    assert "Files must be smaller than" in response.content.decode()


def _office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.pdf", b"%PDF-1.7\n..."),
        ("paper.docx", _office("word")),
        ("figures.xlsx", _office("xl")),
        ("figures.csv", "area,count\nRZZ,12\nCafé,3\n".encode()),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(name: str, content: bytes) -> None:
    check_upload_content(io.BytesIO(content), name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.pdf", b"MZ\x90\x00 an executable"),
        ("paper.docx", b"%PDF-1.7 a pdf renamed"),
        ("figures.xlsx", _office("word")),
        ("figures.csv", b"\x00\x01\x02binary"),
        ("tool.exe", b"MZ"),
    ],
)
def test_files_whose_content_does_not_match_are_refused(name: str, content: bytes) -> None:
    with pytest.raises(ValidationError, match="does not match its name"):
        check_upload_content(io.BytesIO(content), name)


def _document_form(name: str, content: bytes) -> Any:
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.models import Collection

    form_class = get_document_form(get_document_model())
    data = {"title": "A paper", "collection": Collection.get_first_root_node().pk}
    files = {"file": SimpleUploadedFile(name, content)}
    return form_class(data, files)


@pytest.mark.django_db
def test_the_document_form_refuses_a_renamed_file(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    form = _document_form("paper.pdf", b"MZ\x90\x00 not a pdf")
    assert not form.is_valid()
    assert "does not match its name" in str(form.errors["file"])
    assert _document_form("paper.pdf", b"%PDF-1.7\n%...").is_valid()


@pytest.mark.django_db
def test_documents_are_served_as_downloads_that_browsers_do_not_sniff(
    settings: Any, tmp_path: Path, client: Client
) -> None:
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Notes", file=ContentFile(b"plain notes", name="notes.txt")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Path(document.file.path).is_relative_to(tmp_path)


@pytest.mark.django_db
def test_a_full_file_store_refuses_the_upload_and_stores_nothing(
    settings: Any, tmp_path: Path
) -> None:
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_QUOTA_BYTES = 100
    form = _document_form("paper.pdf", b"%PDF-1.7\n" + b"x" * 200)
    assert not form.is_valid()
    assert "The file store is full" in str(form.errors["file"])
    assert get_document_model().objects.count() == 0
    storage = QuotaFileSystemStorage(location=tmp_path)
    with pytest.raises(StorageFull):
        storage.save("big.bin", ContentFile(b"x" * 200))
    assert list(tmp_path.rglob("*.bin")) == []
    assert storage.save("small.bin", ContentFile(b"x" * 50)) == "small.bin"


def test_rich_text_keeps_formatting_and_internal_links_but_not_scripts() -> None:
    dirty = (
        '<p onclick="steal()">Hello <b>leads</b><script>alert(1)</script></p>'
        '<a linktype="page" id="3">a page</a><a href="javascript:alert(1)">bad</a>'
        '<img src=x onerror="alert(1)"><style>p{}</style>'
    )
    clean = sanitise_rich_text(dirty)
    assert "<b>leads</b>" in clean
    assert '<a linktype="page" id="3"' in clean
    for bad in ("script", "onclick", "javascript:", "<img", "onerror", "<style"):
        assert bad not in clean


@pytest.mark.django_db
def test_rich_text_in_a_library_page_is_sanitised_when_saved() -> None:
    from equityhub.library.models import Resource
    from equityhub.library.pages import ensure_library_index

    page = Resource(
        title="Sanitised",
        slug="sanitised",
        summary="A summary.",
        body=[("paragraph", '<p>Fine <i>text</i><script>alert("x")</script></p>')],
    )
    ensure_library_index().add_child(instance=page)
    stored = Resource.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert "<i>text</i>" in stored
    assert "script" not in stored
