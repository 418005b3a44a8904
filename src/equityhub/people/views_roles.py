"""Pages for roles in organisations: your roles, claiming one, deciding claims, handover."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import acted, form_page, page, posted, service_errors
from equityhub.core.pagination import paginate
from equityhub.people import services_roles
from equityhub.people.forms_accounts import (
    DecisionForm,
    HandoverForm,
    RoleClaimForm,
)
from equityhub.people.models import Membership, MembershipStatus, Organisation
from equityhub.people.permissions import (
    can_hand_over,
    claims_for_approver,
    is_administrator,
    is_approver,
    is_lead_of,
    memberships,
    role_label,
)

YOUR_ROLES = ("Your roles", reverse_lazy("people:roles"))
PENDING = ("Claims to decide", reverse_lazy("people:roles-pending"))


@login_required
@require_safe
def roles(request: AuthenticatedRequest) -> HttpResponse:
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    led = [m.organisation for m in memberships if m.role == "lead" and m.status == "approved"]
    return page(
        request,
        "people/accounts/roles.jinja",
        "Your roles",
        memberships=memberships,
        led=led,
        approver=is_approver(request.user),
        breadcrumbs=[("People", reverse_lazy("people:index"))],
    )


@login_required
@require_POST
def role_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Withdraw your own claim, or leave a role (the record stays, marked as ended)."""
    membership = get_object_or_404(Membership, pk=pk, user=request.user)
    acted(
        request,
        lambda: services_roles.membership_withdraw(
            membership=membership,
            by=request.user,
            request=request,
        ),
        f"Your role at {membership.organisation} has ended.",
    )
    return redirect("people:roles")


@login_required
@require_http_methods(["GET", "POST"])
def role_claim(request: AuthenticatedRequest) -> HttpResponse:
    form = RoleClaimForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services_roles.membership_claim(
                user=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"Your claim to be {role_label(membership)} at"
                f" {membership.organisation} is waiting for approval.",
            )
            return redirect("people:roles")
    return form_page(
        request, "people/accounts/claim.jinja", "Claim a role", form, breadcrumbs=[YOUR_ROLES]
    )


@login_required
@require_safe
def roles_pending(request: AuthenticatedRequest) -> HttpResponse:
    if not is_approver(request.user):
        raise PermissionDenied("Only administrators and organisation leads decide role claims")
    return page(
        request,
        "people/accounts/pending.jinja",
        "Claims to decide",
        page_obj=paginate(request, claims_for_approver(request.user)),
        breadcrumbs=[YOUR_ROLES],
    )


def _may_decide_for(request: AuthenticatedRequest, membership: Membership) -> bool:
    user = request.user
    if is_administrator(user):
        return True
    return membership.user.pk != user.pk and is_lead_of(user, membership.organisation)


@login_required
@require_http_methods(["GET", "POST"])
def role_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
    if not _may_decide_for(request, membership):
        raise PermissionDenied(
            "Only an administrator or the organisation's lead can decide this claim"
        )
    if membership.status != MembershipStatus.PENDING:
        messages.info(request, "That claim has already been decided.")
        return redirect("people:roles-pending")
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, membership, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("people:roles-pending")
    title = f"Decide {membership.user}'s claim"
    return form_page(
        request,
        "people/accounts/decide.jinja",
        title,
        form,
        claim=membership,
        current_lead=services_roles.current_lead(membership.organisation),
        breadcrumbs=[PENDING],
    )


def _decide(request: AuthenticatedRequest, membership: Membership, data: dict[str, str]) -> None:
    by = request.user
    role = role_label(membership)
    if data["decision"] == "approve":
        services_roles.membership_approve(
            membership=membership, by=by, note=data["reason"], request=request
        )
        messages.success(request, f"{membership.user} is now {role} at {membership.organisation}.")
    else:
        services_roles.membership_reject(
            membership=membership, by=by, reason=data["reason"], request=request
        )
        messages.success(
            request, f"You rejected {membership.user}'s claim. They have been told why."
        )


@login_required
@require_http_methods(["GET", "POST"])
def lead_handover(request: AuthenticatedRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=code)
    if not can_hand_over(request.user, organisation):
        raise PermissionDenied(
            "Only the current lead or an administrator can hand over the lead role"
        )
    form = HandoverForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_roles.lead_handover(
                organisation=organisation,
                new_lead=form.cleaned_data["new_lead"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['new_lead']} is now the lead of {organisation}."
            )
            return redirect("people:roles")
    team = memberships().approved().filter(organisation=organisation).select_related("user")
    return form_page(
        request,
        "people/accounts/handover.jinja",
        f"Hand over the lead role at {organisation}",
        form,
        organisation=organisation,
        current_lead=services_roles.current_lead(organisation),
        team=team,
        breadcrumbs=[YOUR_ROLES],
    )
