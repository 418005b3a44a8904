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
from equityhub.indicators.pipeline.schemas import (
    PageQuery,
    ResultsPage,
    filter_results,
    results_page,
)
from equityhub.indicators.results.models import Result
from equityhub.indicators.returns import services as services_returns
from equityhub.indicators.returns.models import DataReturn
from equityhub.indicators.returns.parse import MAX_BYTES, RefusedFile, UnreadableFile
from equityhub.indicators.tokens.models import ApiToken, TokenScope
from equityhub.indicators.tokens.services import token_authenticate


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


def _token(request: HttpRequest, scope: str, endpoint: str) -> ApiToken:
    """The caller's key, when its scope is `scope`; a refusal is audited like any other use."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.scope != scope:
        _used(token, endpoint, 403, "wrong scope")
        raise HttpError(403, f"This key's scope is {token.scope!r}; this needs {scope!r}.")
    return token


def _used(
    token: ApiToken,
    endpoint: str,
    status: int,
    action: str,
    data_return: DataReturn | None = None,
) -> None:
    audit_record(
        action="indicators.api_key_used",
        actor=token.user,
        target=token,
        detail={
            "endpoint": endpoint,
            "status": status,
            "action": action,
            "return": data_return.pk if data_return else None,
        },
    )


def _answer(
    token: ApiToken,
    endpoint: str,
    status: int,
    body: Schema,
    action: str,
    data_return: DataReturn | None = None,
) -> Status[Any]:
    """Audit one use of the key with what it was answered, then answer."""
    _used(token, endpoint, status, action, data_return)
    return Status(status, body)


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


NOT_FOUND = "No such return for this key's organisation."


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

    `organisation` is optional; when given it must be the key's organisation. Needs an upload key.
    """
    token = _token(request, TokenScope.UPLOAD, "upload")
    if organisation and organisation.upper() != token.organisation.code.upper():
        detail = f"This key is for {token.organisation.code}, not {organisation}."
        return _answer(token, "upload", 403, Error(detail=detail), "other organisation")
    if (file.size or 0) > MAX_BYTES:
        detail = f"{file.name} is larger than {MAX_BYTES // 2**20} MB."
        return _answer(token, "upload", 400, CheckFailed(detail=detail), "upload too large")
    content = file.read()
    filename = file.name or "upload.csv"
    if services_returns.is_large(content):
        queued = services_returns.return_check_later(
            actor=token.user,
            organisation=token.organisation,
            filename=filename,
            content=content,
            publish=publish,
        )
        return _answer(token, "upload", 202, _return_out(queued), "upload queued", queued)
    try:
        preview = services_returns.return_check(
            actor=token.user,
            organisation=token.organisation,
            filename=filename,
            content=content,
            publish=publish,
        )
    except RefusedFile as error:
        body = CheckFailed(detail=str(error), refused=True)
        return _answer(token, "upload", 400, body, "upload refused")
    except UnreadableFile as error:
        return _answer(token, "upload", 400, CheckFailed(detail=str(error)), "upload unreadable")
    if preview.data_return is None:
        body = CheckFailed(
            detail=f"The file has {len(preview.problems)} problem(s): nothing was stored.",
            problems=[
                ProblemOut(
                    file=p.filename, row=p.row, column=p.column, message=p.message, text=str(p)
                )
                for p in preview.problems
            ],
            notes=preview.notes,
        )
        return _answer(token, "upload", 400, body, "upload with problems")
    checked = _return_out(preview.data_return, summary=preview.summary, notes=preview.notes)
    return _answer(token, "upload", 201, checked, "upload checked", preview.data_return)


@router.get("/returns/{int:pk}", response={200: ReturnOut, 403: Error, 404: Error})
def pipeline_return(request: HttpRequest, pk: int) -> Status[Any]:
    """A return of the key's organisation: its status and rows. Needs an upload key: returns
    hold rows not yet checked for disclosure, which a read key must not see."""
    token = _token(request, TokenScope.UPLOAD, "return")
    data_return = _own_return(token, pk)
    if data_return is None:
        return _answer(token, "return", 404, Error(detail=NOT_FOUND), "not found")
    return _answer(token, "return", 200, _return_out(data_return), "read return", data_return)


def _act(request: HttpRequest, pk: int, action: str) -> Status[Any]:
    token = _token(request, TokenScope.UPLOAD, action)
    data_return = _own_return(token, pk)
    if data_return is None:
        return _answer(token, action, 404, Error(detail=NOT_FOUND), "not found")
    service = {
        "commit": services_returns.return_commit,
        "discard": services_returns.return_discard,
    }[action]
    try:
        service(actor=token.user, data_return=data_return)  # type: ignore[operator]
    except ValidationError as error:
        body = Error(detail=" ".join(error.messages))
        return _answer(token, action, 409, body, f"{action} refused", data_return)
    data_return.refresh_from_db()
    return _answer(token, action, 200, _return_out(data_return), action, data_return)


@router.post(
    "/returns/{int:pk}/commit", response={200: ReturnOut, 403: Error, 404: Error, 409: Error}
)
def pipeline_commit(request: HttpRequest, pk: int) -> Status[Any]:
    """Store every row of a previewed return, or none; results are then recomputed. Needs an
    upload key."""
    return _act(request, pk, "commit")


@router.post(
    "/returns/{int:pk}/discard", response={200: ReturnOut, 403: Error, 404: Error, 409: Error}
)
def pipeline_discard(request: HttpRequest, pk: int) -> Status[Any]:
    """Throw away a preview; nothing is stored. Needs an upload key."""
    return _act(request, pk, "discard")


@router.get("/results", response={200: ResultsPage, 403: Error})
def pipeline_results(
    request: HttpRequest, paging: Query[PageQuery], indicator: str = "", period: str = ""
) -> Status[Any]:
    """The key's organisation's results, published or not, as stored after suppression, a page
    at a time (follow `next` until it is null). Needs a read key."""
    token = _token(request, TokenScope.READ, "results")
    results = Result.objects.filter(organisation=token.organisation).select_related(
        "organisation", "indicator"
    )
    chosen = filter_results(results, indicator, period).order_by("indicator__code", "pk")
    page = results_page(request, chosen, paging.page, paging.page_size, detailed_reasons=True)
    return _answer(token, "results", 200, page, "read results")
