"""Pages for data returns: upload and check, preview, commit or discard, history, rollback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.views import page
from equityhub.indicators import selectors, services_returns
from equityhub.indicators.forms import UploadForm
from equityhub.indicators.models import DataReturn
from equityhub.indicators.returns_parse import TIDY_COLUMNS, RefusedFile, UnreadableFile

DASHBOARD = ("Accountability", "/indicators/")
RETURNS = ("Data returns", "/indicators/returns/")


@login_required
@require_safe
def returns(request: HttpRequest) -> HttpResponse:
    visible = (
        DataReturn.objects.visible_to(request.user)
        .select_related(  # type: ignore[attr-defined]
            "organisation", "uploaded_by", "committed_by"
        )
        .exclude(status="discarded")[:100]
    )
    return page(
        request,
        "indicators/returns.jinja",
        "Data returns",
        returns=visible,
        can_upload=bool(selectors.team_organisations(request.user)),
        breadcrumbs=[DASHBOARD],
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    organisations = selectors.team_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only an organisation's lead and team members upload its returns.")
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": request.GET.get("organisation")},
    )
    problems, notes, refusal = [], [], ""
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        content = file.read()
        organisation = form.organisations[form.cleaned_data["organisation"]]
        if services_returns.is_large(content):
            queued = services_returns.return_check_later(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                filename=file.name,
                content=content,
                publish=form.cleaned_data["publish"],
            )
            return redirect("indicators:return", pk=queued.pk)
        try:
            preview = services_returns.return_check(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                filename=file.name,
                content=content,
                publish=form.cleaned_data["publish"],
            )
        except (RefusedFile, UnreadableFile) as error:
            refusal = str(error)
        else:
            if preview.data_return is not None:
                return redirect("indicators:return", pk=preview.data_return.pk)
            problems, notes = preview.problems, preview.notes
    response = page(
        request,
        "indicators/upload.jinja",
        "Upload a data return",
        form=form,
        problems=problems,
        notes=notes,
        refusal=refusal,
        columns=TIDY_COLUMNS,
        breadcrumbs=[DASHBOARD, RETURNS],
    )
    if form.errors or problems or refusal:
        response.status_code = 400
    return response


@login_required
@require_safe
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_return = get_object_or_404(DataReturn.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
    summary = services_returns._summary(data_return.staged_rows) if data_return.staged_rows else []
    return page(
        request,
        "indicators/return.jinja",
        f"Data return {data_return.filename}",
        data_return=data_return,
        summary=summary,
        sample=data_return.staged_rows[:20],
        can_act=services_returns.can_upload(request.user, data_return.organisation),
        replaced=data_return.replaces.all(),
        breadcrumbs=[DASHBOARD, RETURNS],
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    data_return = get_object_or_404(DataReturn.objects.visible_to(request.user), pk=pk)  # type: ignore[attr-defined]
    service = {
        "commit": services_returns.return_commit,
        "discard": services_returns.return_discard,
        "rollback": services_returns.return_rollback,
    }[action]
    try:
        service(actor=request.user, data_return=data_return)  # type: ignore[operator,arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("indicators:return", pk=pk)
    done = {
        "commit": "Return committed. Results are being computed.",
        "discard": "Return discarded: nothing was stored.",
        "rollback": "Return rolled back. The data it replaced count again.",
    }[action]
    messages.success(request, done)
    if action == "discard":
        return redirect("indicators:returns")
    return redirect(
        "indicators:return",
        pk=pk,
    )


@login_required
@require_POST
def return_commit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "commit")


@login_required
@require_POST
def return_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "discard")


@login_required
@require_POST
def return_rollback(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "rollback")
