"""Pages of the account lifecycle: registration, email verification and invitations.

Role claims, decisions and handover pages are in `views_roles`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.backends import SIGN_IN_BACKEND
from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import acted, form_page, page, posted, service_errors, uploaded
from equityhub.core.pagination import paginate
from equityhub.people import services_accounts, services_invitations
from equityhub.people.forms_accounts import (
    BulkInvitationForm,
    InvitationAcceptForm,
    InvitationForm,
    RegistrationForm,
    VerifyEmailForm,
)
from equityhub.people.models import Invitation
from equityhub.people.permissions import can_invite
from equityhub.people.services_accounts import LinkProblem

INVITATIONS = ("Invitations", reverse_lazy("people:invitations"))


def link_problem(request: HttpRequest, problem: LinkProblem, title: str) -> HttpResponse:
    context = {"page_title": title, "message": problem.message, "status": problem.status}
    return render(request, "people/accounts/link_problem.jinja", context, status=problem.status)


# Registration and verification ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    if not settings.LOCAL_PASSWORDS:  # accounts come from single sign-on
        return redirect("core:sign-in")
    form = RegistrationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_accounts.account_register(request=request, **form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            return redirect("people:register-sent")
    return form_page(request, "people/accounts/register.jinja", "Register", form)


@require_safe
def register_sent(request: HttpRequest) -> HttpResponse:
    return page(request, "people/accounts/register_sent.jinja", "Check your email")


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for the password (email scanners follow links); POST confirms the address."""
    title = "Confirm your email address"
    form = VerifyEmailForm(posted(request))
    try:
        user = services_accounts.user_for_verification(token)
        if request.method == "POST" and form.is_valid():
            services_accounts.email_verify(token=token, request=request, **form.cleaned_data)
            messages.success(request, "Your email address is confirmed. You can now sign in.")
            return redirect("core:sign-in")
    except LinkProblem as problem:
        return link_problem(request, problem, title)
    except ValidationError as error:
        service_errors(form, error)
    return form_page(request, "people/accounts/verify_email.jinja", title, form, account=user)


# Invitations ----------------------------------------------------------------------------------


def _require_inviter(request: HttpRequest) -> None:
    if not can_invite(request.user):
        raise PermissionDenied("Only administrators and facilitators can invite people")


@login_required
@require_safe
def invitation_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_inviter(request)
    invitations = Invitation.objects.select_related("organisation", "invited_by", "accepted_by")
    return page(
        request,
        "people/accounts/invitations.jinja",
        "Invitations",
        page_obj=paginate(request, invitations.open()),
        recent=invitations.filter(accepted_at__isnull=False)[:50],
        breadcrumbs=[("People", reverse_lazy("people:index"))],
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedRequest) -> HttpResponse:
    _require_inviter(request)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services_invitations.invitation_send(
                email=data["email"],
                full_name=data["full_name"],
                organisation=data["organisation_code"],
                role=data["role"],
                invited_by=request.user,
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("people:invitations")
    return form_page(
        request,
        "people/accounts/invite.jinja",
        "Invite someone",
        form,
        breadcrumbs=[INVITATIONS],
        invitation_days=settings.INVITATION_DAYS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_bulk(request: AuthenticatedRequest) -> HttpResponse:
    _require_inviter(request)
    form = BulkInvitationForm(posted(request), uploaded(request))
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services_invitations.invitations_from_csv(
                text=form.cleaned_data["file"],
                invited_by=request.user,
                request=request,
            )
        except ValidationError as error:
            service_errors(form, error)
    return form_page(
        request,
        "people/accounts/invite_bulk.jinja",
        "Invite people from a CSV file",
        form,
        report=report,
        breadcrumbs=[INVITATIONS],
        invitation_days=settings.INVITATION_DAYS,
    )


@login_required
@require_POST
def invitation_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_inviter(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    acted(
        request,
        lambda: services_invitations.invitation_withdraw(
            invitation=invitation,
            by=request.user,
            request=request,
        ),
        f"The invitation to {invitation.email} no longer works.",
    )
    return redirect("people:invitations")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    title = "Accept your invitation"
    try:
        invitation = services_invitations.invitation_for_token(token)
    except LinkProblem as problem:
        return link_problem(request, problem, title)
    if request.user.is_authenticated:
        return page(request, "people/accounts/accept_signed_in.jinja", title, invitation=invitation)
    if not settings.LOCAL_PASSWORDS:  # sign in with single sign-on first, then accept
        return redirect_to_login(request.path)
    form = InvitationAcceptForm(posted(request), initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services_invitations.invitation_accept(
                token=token, request=request, **form.cleaned_data
            )
        except LinkProblem as problem:
            return link_problem(request, problem, title)
        except ValidationError as error:
            service_errors(form, error)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(request, "Welcome to Equity Hub. Your account is ready.")
            return redirect("people:roles")
    return form_page(request, "people/accounts/accept.jinja", title, form, invitation=invitation)
