"""The facilitator's page for adding many people to a learning set at once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from equityhub.core.http import AuthenticatedRequest
from equityhub.learning.pages import form_page
from equityhub.learning.permissions import can_run
from equityhub.learning.sets import bulk_add as services_set_bulk
from equityhub.learning.sets.bulk_csv import MAX_BYTES, ProblemsFound, read_candidates
from equityhub.learning.sets.forms import BulkAreaForm, BulkFileForm
from equityhub.learning.sets.views import set_access, set_crumbs


@login_required
@require_http_methods(["GET", "POST"])
def set_add_people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access = set_access(request, pk)
    if not access.is_facilitator:
        raise PermissionDenied("Only the facilitator adds members")
    learning_set = access.learning_set
    posted = request.POST if request.method == "POST" else None
    file_form = BulkFileForm(posted if "upload" in request.POST else None, request.FILES or None)
    area_form = BulkAreaForm(posted if "pick" in request.POST else None)
    problems: list[str] = []
    form = file_form if "upload" in request.POST else area_form
    if request.method == "POST" and form.is_valid():
        try:
            if form is file_form:
                upload = form.cleaned_data["people"]
                filename = upload.name or "the file"
                candidates = read_candidates(filename, upload.read(MAX_BYTES + 1))
            else:
                filename = "the people picked"
                candidates = services_set_bulk.people_in_area(
                    region=form.cleaned_data["region"],
                    system=form.cleaned_data["system"],
                    role=form.cleaned_data["role"],
                )
            report = services_set_bulk.set_members_add(
                by=request.user,
                learning_set=learning_set,
                candidates=candidates,
                filename=filename,
                override_scope=form.cleaned_data["override_scope"],
                request=request,
            )
        except ProblemsFound as error:
            problems = [str(problem) for problem in error.problems]
            form.add_error(None, "Nobody was added: put these right and try again")
        else:
            messages.success(request, f"Done: {report.summary}.")
            return redirect("learning:set-members", pk=pk)
    return form_page(
        request,
        "learning/set_add_people.jinja",
        f"Add people to {learning_set}",
        form if form.is_bound else None,
        file_form=file_form,
        area_form=area_form,
        problems=problems,
        learning_set=learning_set,
        can_override=can_run(request.user),
        breadcrumbs=set_crumbs(access),
    )
