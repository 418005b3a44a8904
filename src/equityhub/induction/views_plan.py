"""The self-assessment, the personal plan and the induction pack. Each person sees only their
own: nothing here takes another person's id."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import form_page, page, posted, service_errors
from equityhub.induction import answers, pack, selectors, services
from equityhub.induction.forms import AssessmentForm
from equityhub.induction.views import INDUCTION


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: AuthenticatedRequest) -> HttpResponse:
    previous = selectors.latest_assessment(request.user)
    initial = (
        {name: getattr(previous, name) for name in AssessmentForm.base_fields} if previous else {}
    )
    form = AssessmentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(
                user=request.user, answers=form.cleaned_data, request=request
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "Your plan is ready. Each item says why it is there.")
            return redirect("induction:plan")
    return form_page(
        request,
        "induction/assessment.jinja",
        "Self-assessment",
        form,
        previous=previous,
        maturity_fields=set(answers.MATURITY_FIELDS.values()),
        breadcrumbs=[INDUCTION],
    )


@login_required
@require_safe
def plan(request: AuthenticatedRequest) -> HttpResponse:
    items = selectors.plan_of(request.user)
    return page(
        request,
        "induction/plan.jinja",
        "My induction plan",
        items=items,
        open_items=[i for i in items if not i.is_done],
        done_items=[i for i in items if i.is_done],
        progress=selectors.progress(items),
        assessment=selectors.latest_assessment(request.user),
        changes=selectors.assessment_change(request.user),
        breadcrumbs=[INDUCTION],
    )


@login_required
@require_POST
def plan_item_mark(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    done = request.POST.get("done") == "yes"
    item = services.plan_item_mark(user=request.user, pk=pk, done=done)
    messages.success(request, f"“{item.title}” is {'done' if done else 'open again'}.")
    return redirect("induction:plan")


@login_required
@require_safe
def pack_pdf(request: AuthenticatedRequest) -> HttpResponse:
    pdf = pack.render_pdf(request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="induction-pack.pdf"'
    return response
