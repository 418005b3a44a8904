"""The facilitator's page for choosing co-facilitators, who run the set with them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.models import User
from equityhub.core.pages import form_page, posted, service_errors
from equityhub.learning.sets import co_facilitators as services
from equityhub.learning.sets.forms import CoFacilitatorForm
from equityhub.learning.sets.selectors import SetAccess
from equityhub.learning.sets.views import set_access, set_crumbs


@login_required
@require_http_methods(["GET", "POST"])
def set_co_facilitators(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add or remove co-facilitators (the facilitator); a co-facilitator may step down."""
    access = set_access(request, pk)
    learning_set = access.learning_set
    if "remove" in request.POST and access.is_facilitator:
        return _remove(request, access, request.POST["remove"])
    if not access.is_lead_facilitator:
        raise PermissionDenied("Only the set's facilitator chooses co-facilitators")
    form = CoFacilitatorForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["email"]
        try:
            services.co_facilitator_add(
                by=request.user, learning_set=learning_set, user=person, request=request
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"{person} now co-facilitates the set.")
            return redirect("learning:set-co-facilitators", pk=pk)
    return form_page(
        request,
        "learning/co_facilitators.jinja",
        f"Co-facilitators of {learning_set}",
        form,
        learning_set=learning_set,
        co_facilitators=list(learning_set.co_facilitators.order_by("full_name")),
        breadcrumbs=set_crumbs(access),
    )


def _remove(request: AuthenticatedRequest, access: SetAccess, person_pk: str) -> HttpResponse:
    pk = access.learning_set.pk
    person = get_object_or_404(User, pk=int(person_pk) if person_pk.isdigit() else 0)
    try:
        services.co_facilitator_remove(
            by=request.user, learning_set=access.learning_set, user=person, request=request
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("learning:set", pk=pk)
    if person.pk == request.user.pk:
        messages.success(request, f"You no longer co-facilitate {access.learning_set}.")
        return redirect("learning:index")
    messages.success(request, f"{person} no longer co-facilitates the set.")
    return redirect("learning:set-co-facilitators", pk=pk)
