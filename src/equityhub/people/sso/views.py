"""Pages of single sign-on: start at a provider, come back, and the owner's link confirmation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from equityhub.people.services_accounts import LinkProblem
from equityhub.people.sso import flow as sso
from equityhub.people.sso.settings import Provider
from equityhub.people.views_accounts import link_problem


def _provider(name: str) -> Provider:
    provider = sso.providers().get(name)
    if provider is None:
        raise Http404("No such sign-in provider")
    return provider


def _refused(request: HttpRequest, provider: Provider, refusal: sso.SignInRefused) -> HttpResponse:
    sso.refuse(request, provider, refusal)
    context = {"page_title": "You could not be signed in", "provider": provider, "refusal": refusal}
    return render(request, "people/sso/refused.jinja", context, status=403)


@require_POST
def start(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    try:
        return sso.start(request, provider, target)
    except sso.SignInRefused as refusal:
        return _refused(request, provider, refusal)


@require_safe
def callback(request: HttpRequest, name: str) -> HttpResponse:
    provider = _provider(name)
    try:
        outcome = sso.finish(request, provider)
    except sso.SignInRefused as refusal:
        return _refused(request, provider, refusal)
    if outcome.link_requested:
        context = {"page_title": "Check your email", "provider": provider}
        return render(request, "people/sso/link_sent.jinja", context)
    return redirect(sso.next_url(request))


@require_http_methods(["GET", "POST"])
def link_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what would be linked (mail scanners follow links); POST links."""
    title = "Link your single sign-on"
    try:
        if request.method == "POST":
            identity = sso.link_confirm(token=token, request=request)
            context = {"page_title": "Single sign-on linked", "identity": identity}
            return render(request, "people/sso/linked.jinja", context)
        link = sso.link_request_for(token)
    except LinkProblem as problem:
        return link_problem(request, problem, title)
    provider = sso.providers().get(link.provider)
    context = {"page_title": title, "link": link, "provider": provider}
    return render(request, "people/sso/link_confirm.jinja", context)
