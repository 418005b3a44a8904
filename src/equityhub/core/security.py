"""Hardening that every page shares: permissions policy, upload limits, content checks, HTML.

- `PermissionsPolicyMiddleware` turns off browser features Equity Hub never uses.
- `UploadSizeLimitMiddleware` refuses a request body larger than `MAX_UPLOAD_BYTES` before it is
  read, with a plain page naming the limit (Django's own limits cover form fields, not files).
- `check_upload_content` checks that an uploaded file's bytes match its extension (a renamed
  executable is refused), used by the Wagtail document form.
- `sanitise_rich_text` keeps only the tags the rich-text editor can produce.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import IO, Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class UploadSizeLimitMiddleware:
    """Answer 413 with a clear page when a request body is over the upload limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            context = {
                "page_title": "The file is too large",
                "status": 413,
                "title": "The file is too large",
                "text": f"Files must be smaller than {_megabytes(limit)}. "
                "Go back, choose a smaller file and try again.",
            }
            return render(request, "core/error.jinja", context, status=413)
        return self.get_response(request)


# What the first bytes of each accepted document type look like.
ZIP_BASED = {"docx", "xlsx", "pptx"}
TEXT_BASED = {"csv", "txt"}


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def _office_folder(extension: str) -> str:
    return {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[extension]


def _is_office(file: IO[bytes], extension: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names and any(
        name.startswith(_office_folder(extension)) for name in names
    )


def check_upload_content(file: Any, name: str) -> None:
    """Raise ValidationError unless the file's content matches its extension."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file.seek(0)
    head = file.read(4096)
    file.seek(0)
    if extension == "pdf":
        matches = head.startswith(b"%PDF-")
    elif extension in ZIP_BASED:
        matches = head.startswith(b"PK\x03\x04") and _is_office(file, extension)
        file.seek(0)
    elif extension in TEXT_BASED:
        matches = _is_text(head)
    else:
        matches = False
    if not matches:
        raise ValidationError(
            f"The file's content does not match its name: {name} is not a valid "
            f"{extension.upper() or 'document'} file"
        )


RICH_TEXT_TAGS = {"p", "br", "b", "i", "strong", "em", "a", "ol", "ul", "li", "h2", "h3", "h4"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}


def sanitise_rich_text(html: str) -> str:
    """Keep only the tags and attributes our rich-text editor produces; no scripts or styles.

    Wagtail's internal link format (`<a linktype="page" id="3">`) is kept.
    """
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


def _sanitise_value(value: Any) -> None:
    from wagtail.rich_text import RichText

    if isinstance(value, RichText):
        value.source = sanitise_rich_text(value.source)
    elif isinstance(value, dict):
        for item in value.values():
            _sanitise_value(item)
    elif isinstance(value, list | tuple) or (
        hasattr(value, "__iter__") and not isinstance(value, str | bytes)
    ):
        for item in value:
            _sanitise_value(getattr(item, "value", item))


def sanitise_page_rich_text(sender: type, instance: Any, **kwargs: Any) -> None:
    """`pre_save` receiver: clean the rich text in every StreamField of a Wagtail page."""
    from wagtail.fields import RichTextField, StreamField

    for field in instance._meta.concrete_fields:
        if isinstance(field, StreamField):
            for child in getattr(instance, field.attname) or []:
                _sanitise_value(child.value)
        elif isinstance(field, RichTextField):
            html = getattr(instance, field.attname)
            if html:
                setattr(instance, field.attname, sanitise_rich_text(html))
