"""Pages of core: home, sign-in, notifications, static pages, health check, errors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.core import notifications, task_health
from equityhub.core.backends import SIGN_IN_BACKEND
from equityhub.core.busy import busy_response_for_current_error
from equityhub.core.forms import NotificationPreferencesForm, SignInForm
from equityhub.core.home import home_sections, work_queue
from equityhub.core.http import AuthenticatedRequest
from equityhub.core.models import Notification, NotificationPreference
from equityhub.core.pages import page
from equityhub.core.pagination import paginate


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return page(request, "core/home_public.jinja", "Support for health inequalities leads")
    sections = home_sections(request)
    return page(
        request,
        "core/home.jinja",
        "What needs you now",
        sections=sections,
        queue=work_queue(sections),
    )


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    if request.GET.get("detail"):
        return JsonResponse(task_health.health_detail())
    response = HttpResponse("ok", content_type="text/plain")
    poll = task_health.last_poll()
    if poll is not None:  # monitors can alert on a worker that stopped polling
        response["X-Worker-Last-Poll"] = poll["last_poll"]
    return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed else "/"


def _sign_in_buttons() -> list[dict[str, str]]:
    """One button per single sign-on provider in settings (name and label)."""
    return [{"name": p.name, "label": p.label} for p in settings.OIDC_PROVIDERS.values()]


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Password sign-in (unless switched off) beside the single sign-on buttons.

    A privileged person is then asked for their second factor by the people app's middleware.
    """
    local = settings.LOCAL_PASSWORDS
    form = SignInForm(request, request.POST or None) if local else None
    if form is not None and request.method == "POST" and form.is_valid() and form.user:
        login(request, form.user, backend=SIGN_IN_BACKEND)
        request.session["equityhub_auth_method"] = "password"
        return redirect(_safe_next(request))
    status = 400 if form is not None and form.errors else 200
    if form is None and request.method == "POST":
        status = 403
    context = {
        "page_title": "Sign in",
        "form": form,
        "next": _safe_next(request),
        "sso_providers": _sign_in_buttons(),
    }
    return render(request, "core/sign_in.jinja", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("/")


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        notifications.mark_read(user=request.user)
        messages.success(request, "All notifications marked as read.")
        return redirect("core:notifications")
    items = Notification.objects.visible_to(request.user)
    return page(
        request, "core/notifications.jinja", "Notifications", page_obj=paginate(request, items)
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery")
    )
    form = NotificationPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for kind, delivery in form.cleaned_data.items():
            notifications.preference_set(user=request.user, kind=kind, delivery=delivery)
        messages.success(request, "Your email preferences are saved.")
        return redirect("core:notification-preferences")
    return page(request, "core/preferences.jinja", "Email preferences", form=form)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe: GET shows a button (mail scanners follow links), POST acts."""
    if request.method == "POST":
        used = notifications.unsubscribe(token=token)
        status = 200 if used else 404
        return render(
            request,
            "core/unsubscribed.jinja",
            {"page_title": "Unsubscribe", "used": used},
            status=status,
        )
    return page(request, "core/unsubscribe.jinja", "Unsubscribe", token=token)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return page(request, "core/accessibility.jinja", "Accessibility statement")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return page(request, "core/contact.jinja", "Contact us")


def _error(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    context = {"page_title": title, "status": status, "title": title, "text": text}
    return render(request, "core/error.jinja", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        "Sorry, there is a problem with this request",
        "Check the address or the form and try again.",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have access to this page",
        "If you think you should, contact the person who runs this space or an administrator.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. "
        "If you pasted it, check you copied the whole address.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if busy := busy_response_for_current_error():
        return busy
    return _error(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Try again later. If the problem continues, contact us.",
    )
