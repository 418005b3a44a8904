"""Board papers: the quick paper drafted from the dashboard, and kept papers with versioned
drafts, publication and a public link. Each as a page, PDF (typst) and Word (python-docx)."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.formrender import form_error_list
from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import Crumb, acted, page, posted
from equityhub.indicators.board import services as services_board
from equityhub.indicators.board.forms import ActionFormSet, NarrativeForm, PaperForm
from equityhub.indicators.board.models import BoardPaper, BoardPaperVersion
from equityhub.indicators.board.paper import paper_document, render_docx, render_pdf
from equityhub.indicators.board.selectors import (
    adopted_figures,
    latest_version,
    paper_choices,
    papers_page,
    version_figures,
)
from equityhub.indicators.pages import DASHBOARD
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_reader_of, is_team_member_of

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _papers_crumb(org: str) -> Crumb:
    return ("Board papers", reverse("indicators:board-papers", kwargs={"org": org}))


def team_organisation(request: HttpRequest, org: str) -> tuple[Organisation, bool]:
    """The organisation, and whether the person may edit (team) or only read (board member,
    administrator)."""
    organisation = get_object_or_404(Organisation, code=org)
    can_edit = is_team_member_of(request.user, organisation)
    if not (can_edit or is_reader_of(request.user, organisation) or is_administrator(request.user)):
        raise PermissionDenied("An organisation's board papers are for its team and board.")
    return organisation, can_edit


def get_paper(organisation: Organisation, pk: int) -> BoardPaper:
    return get_object_or_404(BoardPaper, organisation=organisation, pk=pk)


def with_images(document: dict[str, Any]) -> dict[str, Any]:
    """Each chart's SVG as a data URI for an <img> on the page."""
    for section in document["sections"]:
        for chart in section["charts"]:
            chart["uri"] = (
                "data:image/svg+xml;base64," + base64.b64encode(chart["svg"].encode()).decode()
            )
    return document


def deliver(
    request: HttpRequest, document: dict[str, Any], filename: str, **context: Any
) -> HttpResponse:
    """The paper as PDF or Word when asked (`?format=`), else as a page."""
    wanted = request.GET.get("format")
    if wanted in ("pdf", "docx"):
        body, kind = (
            (render_pdf(document), "application/pdf")
            if wanted == "pdf"
            else (render_docx(document), DOCX_TYPE)
        )
        response = HttpResponse(body, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{wanted}"'
        return response
    return page(
        request,
        "indicators/board_paper.jinja",
        document["title"],
        paper=with_images(document),
        **context,
    )


@login_required
@require_safe
def board_paper_view(request: HttpRequest, org: str) -> HttpResponse:
    """The quick paper: every adopted indicator, drafted now, nothing kept."""
    organisation, can_edit = team_organisation(request, org)
    document = paper_document(
        adopted_figures(organisation, request.user),
        title="Health inequalities: board report",
        organisation=organisation.name,
        date=f"{timezone.localdate():%d %B %Y}",
        status="Drafted from the latest figures",
        quick=True,
    )
    return deliver(
        request,
        document,
        f"board-paper-{organisation.code}",
        organisation=organisation,
        quick=True,
        can_edit=can_edit,
        breadcrumbs=[DASHBOARD],
    )


@login_required
@require_safe
def papers(request: HttpRequest, org: str) -> HttpResponse:
    organisation, can_edit = team_organisation(request, org)
    return page(
        request,
        "indicators/board_papers.jinja",
        f"Board papers: {organisation.name}",
        organisation=organisation,
        page_obj=papers_page(organisation, request.GET.get("page")),
        can_edit=can_edit,
        breadcrumbs=[DASHBOARD],
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_new(request: HttpRequest, org: str) -> HttpResponse:
    organisation, can_edit = team_organisation(request, org)
    if not can_edit:
        raise PermissionDenied("Only the organisation's lead and team members start papers.")
    choices = paper_choices(organisation)
    initial = {"indicators": [i.code for i in choices if i.type != "qualitative"]}
    form = PaperForm(posted(request), choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services_board.paper_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                title=form.cleaned_data["title"],
                meeting_date=form.cleaned_data["meeting_date"],
                indicator_codes=form.cleaned_data["indicators"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, "Paper started. Write its narrative and actions.")
            return redirect("indicators:board-paper-edit", org=org, pk=paper.pk)
    response = page(
        request,
        "indicators/board_paper_new.jinja",
        "Start a board paper",
        organisation=organisation,
        form=form,
        breadcrumbs=[
            DASHBOARD,
            _papers_crumb(org),
        ],
    )
    if form.errors:
        response.status_code = 400
    return response


def _version(paper: BoardPaper, number: str | None) -> BoardPaperVersion:
    if number is None:
        return latest_version(paper)
    if not number.isdigit():
        raise Http404
    return get_object_or_404(paper.versions.select_related("saved_by"), number=int(number))


def version_document(
    paper: BoardPaper, version: BoardPaperVersion, figures: dict[str, Any]
) -> dict[str, Any]:
    if paper.is_published and paper.published_at:
        status = f"Published {timezone.localtime(paper.published_at):%d %B %Y}"
    else:
        status = f"Draft, version {version.number}"
    return paper_document(
        figures,
        title=paper.title,
        organisation=paper.organisation.name,
        date=f"Board meeting {paper.meeting_date:%d %B %Y}",
        status=status,
        summary=version.summary,
        asks=version.asks,
        narratives=version.narratives,
        actions=version.actions,
    )


@login_required
@require_safe
def paper_detail(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """A saved version (the latest unless `?version=`), as a page, PDF or Word."""
    organisation, can_edit = team_organisation(request, org)
    paper = get_paper(organisation, pk)
    version = _version(paper, request.GET.get("version"))
    document = version_document(paper, version, version_figures(version, request.user))
    return deliver(
        request,
        document,
        f"board-paper-{organisation.code}-{paper.pk}-v{version.number}",
        organisation=organisation,
        board_paper=paper,
        version=version,
        is_latest=version.number == latest_version(paper).number,
        can_edit=can_edit,
        breadcrumbs=[
            DASHBOARD,
            _papers_crumb(org),
        ],
    )


@login_required
@require_safe
def paper_history(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organisation, _ = team_organisation(request, org)
    paper = get_paper(organisation, pk)
    return page(
        request,
        "indicators/board_paper_history.jinja",
        f"Versions of {paper.title}",
        organisation=organisation,
        board_paper=paper,
        versions=list(paper.versions.select_related("saved_by").order_by("-number")),
        breadcrumbs=[
            DASHBOARD,
            _papers_crumb(org),
        ],
    )


@login_required
@require_POST
def paper_publish(request: AuthenticatedRequest, org: str, pk: int) -> HttpResponse:
    organisation, can_edit = team_organisation(request, org)
    if not can_edit:
        raise PermissionDenied("Only the organisation's lead and team members publish papers.")
    paper = get_paper(organisation, pk)
    acted(
        request,
        lambda: services_board.paper_publish(actor=request.user, paper=paper),
        "Paper published: its figures are now frozen.",
    )
    return redirect("indicators:board-paper-detail", org=org, pk=pk)


@login_required
@require_POST
def paper_public(request: AuthenticatedRequest, org: str, pk: int) -> HttpResponse:
    organisation, can_edit = team_organisation(request, org)
    if not can_edit:
        raise PermissionDenied("Only the organisation's lead and team members share papers.")
    paper = get_paper(organisation, pk)
    public = request.POST.get("public") == "yes"
    acted(
        request,
        lambda: services_board.paper_set_public(actor=request.user, paper=paper, public=public),
        "Anyone with the link can now read this paper." if public else "Paper made private.",
    )
    return redirect("indicators:board-paper-detail", org=org, pk=pk)


@require_safe
def public_paper(request: HttpRequest, slug: str) -> HttpResponse:
    """A published paper opened to the public: only published, disclosure-controlled figures."""
    paper = get_object_or_404(
        BoardPaper.objects.select_related("organisation"),
        public_slug=slug,
        is_public=True,
        status="published",
    )
    version = paper.versions.exclude(public_snapshot__isnull=True).order_by("-number").first()
    if version is None:
        raise Http404
    document = version_document(paper, version, version_figures(version, None, public=True))
    return deliver(
        request,
        document,
        f"board-paper-{paper.organisation.code}-{paper.pk}",
        organisation=paper.organisation,
        public=True,
    )


def _action_initial(version: BoardPaperVersion) -> list[dict[str, Any]]:
    return [
        {**a, "due": a.get("due") or None, "owner": a.get("owner", "")} for a in version.actions
    ]


def edit_errors(form: NarrativeForm, actions: Any) -> list[dict[str, str]]:
    """Error-summary entries for the narrative form and every action row, each linking to it."""
    items = form_error_list(form)
    for number, row in enumerate(actions.forms, start=1):
        for bf in row:
            for error in bf.errors:
                items.append(
                    {
                        "text": f"Action {number}: {error}",
                        "href": f"#{bf.id_for_label or bf.auto_id}",
                    }
                )
    return items


@login_required
@require_http_methods(["GET", "POST"])
def paper_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """Narrative per section, summary and actions; each save is a new version."""
    organisation, can_edit = team_organisation(request, org)
    if not can_edit:
        raise PermissionDenied("Only the organisation's lead and team members edit papers.")
    paper = get_paper(organisation, pk)
    if paper.is_published:
        messages.info(request, "This paper is published and frozen.")
        return redirect("indicators:board-paper-detail", org=org, pk=pk)
    current = latest_version(paper)
    figures = version_figures(current, request.user)
    sections = [(s["code"], s["name"]) for s in figures["sections"]]
    data = posted(request)
    form = NarrativeForm(
        data,
        sections=sections,
        initial={"summary": current.summary, "asks": current.asks}
        | {f"narrative_{c}": t for c, t in current.narratives.items()},
    )
    actions = ActionFormSet(data, initial=_action_initial(current), prefix="actions")
    redrawn = data is not None and "add_action" in data and actions.is_valid()
    if redrawn:
        # one more blank row, keeping what was typed; nothing is saved yet
        rows = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in actions.forms
            if f.has_changed() and not f.cleaned_data.get("DELETE")
        ]
        blank_rows = len(actions.forms) - len(rows)
        actions = ActionFormSet(initial=rows, prefix="actions")
        actions.extra = blank_rows + 1
        form.is_valid()
    elif data is not None and form.is_valid() and actions.is_valid():
        kept = [
            a
            for f in actions.forms
            if not f.cleaned_data.get("DELETE") and (a := f.action()) is not None
        ]
        try:
            version = services_board.paper_save(
                actor=request.user,  # type: ignore[arg-type]
                paper=paper,
                summary=form.cleaned_data["summary"],
                narratives=form.narratives(),
                actions=kept,
                asks=form.cleaned_data["asks"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, f"Saved as version {version.number}.")
            return redirect("indicators:board-paper-detail", org=org, pk=pk)
    errors = edit_errors(form, actions) if data is not None and not redrawn else []
    response = page(
        request,
        "indicators/board_paper_edit.jinja",
        f"Edit {paper.title}",
        organisation=organisation,
        board_paper=paper,
        version=current,
        figures=figures,
        form=form,
        actions=actions,
        errors=errors,
        breadcrumbs=[
            DASHBOARD,
            _papers_crumb(org),
        ],
    )
    if errors:
        response.status_code = 400
    return response
