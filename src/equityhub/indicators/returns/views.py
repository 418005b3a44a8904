"""Pages for data returns: upload and check, preview, commit or discard, history, rollback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.pages import page, posted
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.querysets import team_organisations
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns import problems as returns_problems
from equityhub.indicators.returns import services as services_returns
from equityhub.indicators.returns import templates as return_templates
from equityhub.indicators.returns.forms import UploadForm
from equityhub.indicators.returns.models import DataReturn
from equityhub.indicators.returns.parse import TIDY_COLUMNS, RefusedFile, UnreadableFile
from equityhub.indicators.returns.selectors import staged_preview
from equityhub.people.models import Organisation

REPORT_KEY = "indicators.return_problems"
UPLOADABLE_TYPES = ("proportion", "crude_rate", "dsr", "isr", "mean", "count")
RETURNS = ("Data returns", reverse_lazy("indicators:returns"))


@login_required
@require_safe
def returns(request: HttpRequest) -> HttpResponse:
    visible = (
        DataReturn.objects.visible_to(request.user)
        .select_related("organisation", "uploaded_by", "committed_by")
        .defer("problem_report")  # a failed national file's report is megabytes
        .exclude(status="discarded")[:100]
    )
    return page(
        request,
        "indicators/returns.jinja",
        "Data returns",
        returns=visible,
        can_upload=bool(team_organisations(request.user)),
        breadcrumbs=[DASHBOARD],
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    organisations = team_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only an organisation's lead and team members upload its returns.")
    form = UploadForm(
        posted(request),
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
            # Nothing is stored for a file with problems, so the report lives in the session.
            request.session[REPORT_KEY] = returns_problems.report_rows(problems)
    response = page(
        request,
        "indicators/upload.jinja",
        "Upload a data return",
        form=form,
        problems=problems,
        groups=returns_problems.group_problems(problems),
        notes=notes,
        refusal=refusal,
        columns=TIDY_COLUMNS,
        template_indicators=Indicator.objects.visible_to(request.user)
        .filter(type__in=UPLOADABLE_TYPES)
        .order_by("name"),
        template_area=request.GET.get("organisation") or next(iter(organisations)).code,
        breadcrumbs=[DASHBOARD, RETURNS],
    )
    if form.errors or problems or refusal:
        response.status_code = 400
    return response


@login_required
@require_safe
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_return = get_object_or_404(DataReturn.objects.visible_to(request.user), pk=pk)
    summary, sample = staged_preview(data_return)
    return page(
        request,
        "indicators/return.jinja",
        f"Data return {data_return.filename}",
        data_return=data_return,
        summary=summary,
        sample=sample,
        can_act=services_returns.can_upload(request.user, data_return.organisation),
        has_report=data_return.problem_report is not None,
        replaced=data_return.replaces.all(),
        breadcrumbs=[DASHBOARD, RETURNS],
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    data_return = get_object_or_404(DataReturn.objects.visible_to(request.user), pk=pk)
    service = {
        "commit": services_returns.return_commit,
        "discard": services_returns.return_discard,
        "rollback": services_returns.return_rollback,
    }[action]
    try:
        service(actor=request.user, data_return=data_return)  # type: ignore[operator]
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


TEMPLATE_KINDS = {
    "csv": ("text/csv; charset=utf-8", "template.csv"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "template.xlsx",
    ),
    "categories": ("text/csv; charset=utf-8", "categories.csv"),
}
PLACEHOLDER_AREA = "YOUR-ODS-CODE"


@require_safe
def return_template(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A template for one indicator, filled with the chosen organisation's code when given."""
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    if kind not in TEMPLATE_KINDS:
        raise Http404
    wanted = request.GET.get("organisation", "")
    organisation = Organisation.objects.filter(code=wanted).first() if wanted else None
    if organisation is None and request.user.is_authenticated:
        organisation = next(iter(team_organisations(request.user)), None)
    area = organisation.code if organisation is not None else PLACEHOLDER_AREA
    content = {
        "csv": lambda: return_templates.template_csv(indicator, area),
        "xlsx": lambda: return_templates.template_xlsx(indicator, area),
        "categories": lambda: return_templates.categories_csv(indicator),
    }[kind]()
    content_type, suffix = TEMPLATE_KINDS[kind]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}-{suffix}"'
    return response


@login_required
@require_safe
def problems_report(request: HttpRequest) -> HttpResponse:
    """Every problem of the last file this person checked: file, row, column, value, problem."""
    rows = request.session.get(REPORT_KEY)
    if not rows:
        raise Http404("No checked file with problems in this session.")
    response = HttpResponse(returns_problems.report_csv(rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="return-problems.csv"'
    return response


@login_required
@require_safe
def return_problems_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem a background check found in the return's file, as on the upload page.

    Only for the people who upload the organisation's returns: the report holds cells of the
    file."""
    data_return = get_object_or_404(DataReturn.objects.visible_to(request.user), pk=pk)
    if not services_returns.can_upload(request.user, data_return.organisation):
        raise PermissionDenied("Only the organisation's lead and team members see its problems.")
    if data_return.problem_report is None:
        raise Http404("This return has no problem report.")
    content = returns_problems.report_from_stored(bytes(data_return.problem_report))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="return-{pk}-problems.csv"'
    return response
