"""Pipeline endpoints: an analyst's scheduled job uploads a return with an API key.

Send the key as `Authorization: Bearer ehk_...`. An upload key goes through the same path as
the web page — check (problems named by file, row and column, nothing stored), preview,
then commit all-or-nothing or discard. A read key reads the organisation's results, including
unpublished ones, as stored after small-number suppression. A key works for its own
organisation only; every use is in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError, Throttled
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from equityhub.core.audit import audit_record
from equityhub.core.throttle import ApiThrottle
from equityhub.indicators import services_returns
from equityhub.indicators.api_schemas import PageQuery, ResultsPage, filter_results, results_page
from equityhub.indicators.models import ApiToken, DataReturn, Result, TokenScope
from equityhub.indicators.returns_parse import MAX_BYTES, RefusedFile, UnreadableFile
from equityhub.indicators.services_tokens import token_authenticate


class ApiKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        # The API's throttle runs only after authentication: count the caller's address here
        # too, so wrong keys cannot be tried faster than API_THROTTLE_RATE.
        address_rate = ApiThrottle()
        if not address_rate.allow_request(request):
            raise Throttled(wait=int(address_rate.wait() or 60))
        return token_authenticate(token)


router = Router(tags=["indicators pipeline"], auth=ApiKey())


class ProblemOut(Schema):
    file: str
    row: int
    column: str
    message: str
    text: str


class ReturnOut(Schema):
    id: int
    organisation: str
    filename: str
    status: str
    rows: int
    publish: bool
    progress_done: int = 0
    progress_total: int = 0
    problems: list[str] = []
    summary: list[dict[str, Any]] = []
    notes: list[str] = []


class CheckFailed(Schema):
    detail: str
    refused: bool = False
    problems: list[ProblemOut] = []
    notes: list[str] = []


class Error(Schema):
    detail: str


def _token(request: HttpRequest, scope: str) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.scope != scope:
        raise HttpError(403, f"This key's scope is {token.scope!r}; this needs {scope!r}.")
    return token


def _used(token: ApiToken, action: str, data_return: DataReturn | None = None) -> None:
    audit_record(
        action="indicators.api_key_used",
        actor=token.user,
        target=token,
        detail={"action": action, "return": data_return.pk if data_return else None},
    )


def _return_out(data_return: DataReturn, **extra: Any) -> ReturnOut:
    return ReturnOut(
        id=data_return.pk,
        organisation=data_return.organisation.code,
        filename=data_return.filename,
        status=data_return.status,
        rows=data_return.row_count,
        publish=data_return.publish,
        progress_done=data_return.progress_done,
        progress_total=data_return.progress_total,
        problems=data_return.problems,
        **extra,
    )


def _own_return(token: ApiToken, pk: int) -> DataReturn | None:
    return (
        DataReturn.objects.filter(pk=pk, organisation=token.organisation)
        .select_related("organisation")
        .first()
    )


@router.post("/returns", response={201: ReturnOut, 202: ReturnOut, 400: CheckFailed, 403: Error})
def pipeline_upload(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    organisation: str = Form(""),
    publish: bool = Form(False),
) -> Status[Any]:
    """Check a file and keep it as a preview (201), or list its problems (400, nothing stored).

    A large file is checked in the background (202, status "checking"): ask for the return
    until its status is "preview" (then commit) or "failed" (its problems listed).

    `organisation` is optional; when given it must be the key's organisation.
    """
    token = _token(request, TokenScope.UPLOAD)
    if organisation and organisation.upper() != token.organisation.code.upper():
        return Status(
            403, Error(detail=f"This key is for {token.organisation.code}, not {organisation}.")
        )
    if (file.size or 0) > MAX_BYTES:
        return Status(
            400, CheckFailed(detail=f"{file.name} is larger than {MAX_BYTES // 2**20} MB.")
        )
    content = file.read()
    if services_returns.is_large(content):
        queued = services_returns.return_check_later(
            actor=token.user,  # type: ignore[arg-type]
            organisation=token.organisation,
            filename=file.name or "upload.csv",
            content=content,
            publish=publish,
        )
        _used(token, "upload queued", queued)
        return Status(202, _return_out(queued))
    try:
        preview = services_returns.return_check(
            actor=token.user,  # type: ignore[arg-type]
            organisation=token.organisation,
            filename=file.name or "upload.csv",
            content=content,
            publish=publish,
        )
    except RefusedFile as error:
        _used(token, "upload refused")
        return Status(400, CheckFailed(detail=str(error), refused=True))
    except UnreadableFile as error:
        return Status(400, CheckFailed(detail=str(error)))
    if preview.data_return is None:
        _used(token, "upload with problems")
        return Status(
            400,
            CheckFailed(
                detail=f"The file has {len(preview.problems)} problem(s): nothing was stored.",
                problems=[
                    ProblemOut(
                        file=p.filename, row=p.row, column=p.column, message=p.message, text=str(p)
                    )
                    for p in preview.problems
                ],
                notes=preview.notes,
            ),
        )
    _used(token, "upload checked", preview.data_return)
    return Status(
        201, _return_out(preview.data_return, summary=preview.summary, notes=preview.notes)
    )


@router.get("/returns/{int:pk}", response={200: ReturnOut, 404: Error})
def pipeline_return(request: HttpRequest, pk: int) -> Status[Any]:
    """A return of the key's organisation: its status and rows."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    data_return = _own_return(token, pk)
    if data_return is None:
        return Status(404, Error(detail="No such return for this key's organisation."))
    return Status(200, _return_out(data_return))


def _act(request: HttpRequest, pk: int, action: str) -> Status[Any]:
    token = _token(request, TokenScope.UPLOAD)
    data_return = _own_return(token, pk)
    if data_return is None:
        return Status(404, Error(detail="No such return for this key's organisation."))
    service = {
        "commit": services_returns.return_commit,
        "discard": services_returns.return_discard,
    }[action]
    try:
        service(actor=token.user, data_return=data_return)  # type: ignore[operator]
    except ValidationError as error:
        return Status(409, Error(detail=" ".join(error.messages)))
    _used(token, action, data_return)
    data_return.refresh_from_db()
    return Status(200, _return_out(data_return))


@router.post("/returns/{int:pk}/commit", response={200: ReturnOut, 404: Error, 409: Error})
def pipeline_commit(request: HttpRequest, pk: int) -> Status[Any]:
    """Store every row of a previewed return, or none; results are then recomputed."""
    return _act(request, pk, "commit")


@router.post("/returns/{int:pk}/discard", response={200: ReturnOut, 404: Error, 409: Error})
def pipeline_discard(request: HttpRequest, pk: int) -> Status[Any]:
    """Throw away a preview; nothing is stored."""
    return _act(request, pk, "discard")


@router.get("/results", response=ResultsPage)
def pipeline_results(
    request: HttpRequest, paging: Query[PageQuery], indicator: str = "", period: str = ""
) -> ResultsPage:
    """The key's organisation's results, published or not, as stored after suppression, a page
    at a time (follow `next` until it is null)."""
    token = _token(request, TokenScope.READ)
    _used(token, "read results")
    results = Result.objects.filter(organisation=token.organisation).select_related(
        "organisation", "indicator"
    )
    chosen = filter_results(results, indicator, period).order_by("indicator__code", "pk")
    return results_page(request, chosen, paging.page, paging.page_size, detailed_reasons=True)
