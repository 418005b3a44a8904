"""Pages of the second factor: set up an authenticator app, confirm a code, recovery codes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import posted
from equityhub.people.mfa import services as mfa
from equityhub.people.mfa.forms import CodeForm, EnrolForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed else "/"


def _codes_page(request: HttpRequest, codes: list[str], title: str) -> HttpResponse:
    context = {"page_title": title, "codes": codes, "next": _next(request)}
    return render(request, "people/mfa/recovery_codes.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedRequest) -> HttpResponse:
    if mfa.has_second_factor(request.user):
        return redirect("mfa:manage")
    device = mfa.enrolment_device(request.user)
    form = EnrolForm(posted(request))
    if form.is_valid():
        codes = mfa.enrolment_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            return _codes_page(request, codes, "Save your recovery codes")
        form.add_error("code", "The code is not right. Enter the code your app shows now.")
    context = {
        "page_title": "Set up an authenticator app",
        "form": form,
        "next": _next(request),
        "required": mfa.is_privileged(request.user),
        "qr": mfa.qr_svg_data_uri(device),
        "secret": mfa.secret_text(device),
        "uri": device.config_url,
    }
    return render(request, "people/mfa/enrol.jinja", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: AuthenticatedRequest) -> HttpResponse:
    if not mfa.has_second_factor(request.user):
        return redirect(f"{reverse('mfa:enrol')}?{urlencode({'next': _next(request)})}")
    if mfa.is_verified(request):
        return redirect(_next(request))
    form = CodeForm(posted(request))
    if form.is_valid():
        if mfa.verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", "The code is not right, or it has been used. Try again.")
    context = {"page_title": "Enter your security code", "form": form, "next": _next(request)}
    return render(request, "people/mfa/verify.jinja", context, status=400 if form.errors else 200)


@login_required
@require_safe
def manage(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "page_title": "Your security codes",
        "enrolled": mfa.has_second_factor(request.user),
        "required": mfa.is_privileged(request.user),
        "codes_left": mfa.recovery_codes_left(request.user),
    }
    return render(request, "people/mfa/manage.jinja", context)


@login_required
@require_POST
def recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    if not (mfa.has_second_factor(request.user) and mfa.is_verified(request)):
        return redirect("mfa:manage")
    codes = mfa.recovery_codes_renew(request=request)
    return _codes_page(request, codes, "Your new recovery codes")
