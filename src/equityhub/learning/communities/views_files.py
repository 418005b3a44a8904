"""Files shared in a community: members share them, and only members download them."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, posted, service_errors, uploaded
from equityhub.learning.communities import files, members, selectors
from equityhub.learning.communities.forms import FileForm
from equityhub.learning.communities.models import Community
from equityhub.learning.communities.views import COMMUNITIES
from equityhub.learning.pages import LEARNING


@login_required
@require_http_methods(["GET", "POST"])
def file_share(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=pk)
    members.require_member(request.user, community, "share files")
    form = FileForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            files.file_share(
                by=request.user,
                community=community,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your file is shared with the community's members.")
            return redirect(reverse("learning:community", kwargs={"pk": pk}) + "#files")
    return form_page(
        request,
        "learning/file_form.jinja",
        "Share a file",
        form,
        community=community,
        breadcrumbs=[
            LEARNING,
            COMMUNITIES,
            (community.name, reverse("learning:community", kwargs={"pk": pk})),
        ],
    )


@login_required
@require_safe
def file_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The file, as a download, for members of its community only; never cached.

    Files are at most MAX_UPLOAD_BYTES, so they are read whole rather than streamed.
    """
    shared = selectors.file_for(request.user, pk)
    content_type = mimetypes.guess_type(shared.original_name)[0] or "application/octet-stream"
    try:
        with shared.file.open("rb") as opened:
            content = opened.read()
    except FileNotFoundError as missing:
        raise Http404("The file is no longer in the store") from missing
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=shared.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def file_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    shared = selectors.file_for(request.user, pk)
    files.file_remove(by=request.user, shared=shared, request=request)
    messages.success(request, f"{shared.title} is removed.")
    return redirect(reverse("learning:community", kwargs={"pk": shared.community_id}) + "#files")
