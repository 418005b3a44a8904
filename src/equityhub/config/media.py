"""Uploaded media by address, in development only, never the private folder.

Files under MEDIA_ROOT/private (such as those shared in communities) are served only by views
that check who is asking; this view answers 404 for them however the address is written.
In production nothing serves MEDIA_ROOT by address.
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

PRIVATE_FOLDER = "private"


def is_private(path: str) -> bool:
    normalised = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    return normalised == PRIVATE_FOLDER or normalised.startswith(f"{PRIVATE_FOLDER}/")


def serve_public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    if is_private(path):
        raise Http404("No such file")
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))
