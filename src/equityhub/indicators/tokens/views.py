"""The API keys page: the team makes keys for its pipelines (each shown once) and revokes them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from equityhub.core.http import AuthenticatedRequest
from equityhub.core.pages import acted, page, posted
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.querysets import team_organisation_ids, team_organisations
from equityhub.indicators.tokens import services as services_tokens
from equityhub.indicators.tokens.forms import ApiKeyForm
from equityhub.indicators.tokens.models import ApiToken


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    organisations = team_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only an organisation's lead and team members manage its API keys.")
    form = ApiKeyForm(posted(request), organisations=organisations)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _, new_key = services_tokens.token_create(
            actor=request.user,  # type: ignore[arg-type]
            organisation=form.organisations[form.cleaned_data["organisation"]],
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        form = ApiKeyForm(organisations=organisations)
    response = page(
        request,
        "indicators/api_keys.jinja",
        "API keys for data pipelines",
        form=form,
        new_key=new_key,
        tokens=services_tokens.tokens_of_teams(request.user),
        breadcrumbs=[DASHBOARD],
    )
    add_never_cache_headers(response)
    if form.errors:
        response.status_code = 400
    return response


@login_required
@require_POST
def api_key_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(
        ApiToken.objects.filter(organisation__in=team_organisation_ids(request.user)), pk=pk
    )
    acted(
        request,
        lambda: services_tokens.token_revoke(actor=request.user, token=token),
        f"The key {token.name} was revoked: it no longer works.",
    )
    return redirect("indicators:api-keys")
