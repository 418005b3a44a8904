"""Pages of the accountability dashboard: tiles, the registry, an indicator's results."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe

from equityhub.core.pages import page, posted
from equityhub.core.spreadsheet import safe_row
from equityhub.indicators.board.questions import question_kinds, questions_for
from equityhub.indicators.dashboard import selectors
from equityhub.indicators.dashboard import services as services_targets
from equityhub.indicators.dashboard.adoption_words import owner_words, target_words
from equityhub.indicators.dashboard.figures import drawn_figures, figures_key
from equityhub.indicators.dashboard.forms import AdoptForm
from equityhub.indicators.dashboard.glossary import TERMS
from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.dashboard.peers import peers
from equityhub.indicators.dashboard.targets import __doc__ as STATUS_RULE
from equityhub.indicators.dashboard.tiles import CACHE_SECONDS, cached_html
from equityhub.indicators.pages import DASHBOARD
from equityhub.indicators.querysets import reader_organisations, team_organisations
from equityhub.indicators.registry import services as services_registry
from equityhub.indicators.registry.forms import LocalIndicatorForm
from equityhub.indicators.registry.models import Indicator
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_administrator, is_team_member_of


def _chosen_organisation(request: HttpRequest, own: list[Organisation]) -> Organisation | None:
    code = request.GET.get("organisation", "")
    if code:
        if is_administrator(request.user):
            return next((o for o in own if o.code == code), None) or (
                Organisation.objects.filter(code=code).first()
            )
        return next((o for o in own if o.code == code), None)
    return own[0] if own else None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    own = reader_organisations(request.user)  # the team and the board
    organisation = _chosen_organisation(request, own) if request.user.is_authenticated else None
    tiles_html = ""
    can_record = False
    notes: dict[str, Any] = {"synthetic": False, "not_adopted": []}
    if organisation:
        can_record = organisation in team_organisations(request.user)
        sees_all = can_record or is_administrator(request.user)
        key = selectors.dashboard_tiles_key(organisation, sees_all=sees_all)

        def draw() -> str:
            tiles = selectors.dashboard_tiles(
                organisation, request.user, sees_all=sees_all, key=key
            )
            context = {"tiles": tiles, "organisation": organisation, "can_record": can_record}
            return render_to_string("indicators/_tile_group.jinja", context, request)

        def read_notes() -> dict[str, Any]:
            return {
                "synthetic": selectors.has_synthetic_data(organisation),
                "not_adopted": selectors.results_not_adopted(organisation),
            }

        # Something adopted: the cards and the notes beside them (both follow the results the
        # key's fingerprint covers) are drawn once per change of their inputs.
        if key:
            tiles_html = cached_html(f"{key}:{organisation.code}:{can_record}", draw)
            notes = cache.get_or_set(f"{key}:notes", read_notes, CACHE_SECONDS) or read_notes()
        else:
            notes = read_notes()
    return page(
        request,
        "indicators/index.jinja",
        "Accountability dashboard",
        organisation=organisation,
        tiles_html=tiles_html,
        organisations=own,
        can_record=can_record,
        synthetic=notes["synthetic"],
        not_adopted=notes["not_adopted"],
    )


@require_safe
def registry(request: HttpRequest) -> HttpResponse:
    indicators = Indicator.objects.visible_to(request.user)
    return page(
        request,
        "indicators/registry.jinja",
        "Indicator registry",
        indicators=indicators,
        can_add_local=bool(team_organisations(request.user)),
        breadcrumbs=[DASHBOARD],
    )


@require_safe
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    return page(
        request,
        "indicators/indicator.jinja",
        indicator.name,
        indicator=indicator,
        organisations=team_organisations(request.user),
        breadcrumbs=[DASHBOARD, ("Indicator registry", reverse_lazy("indicators:registry"))],
    )


def _organisation_indicator(
    request: HttpRequest, org: str, code: str
) -> tuple[Organisation, Indicator]:
    # A reader's own organisation is among the roles the page reads anyway.
    held = (o for o in reader_organisations(request.user) if o.code == org)
    organisation = next(held, None) or get_object_or_404(Organisation, code=org)
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    if indicator.owner_organisation_id not in (None, organisation.pk):
        raise Http404
    return organisation, indicator


@require_safe
def results(request: HttpRequest, org: str, code: str) -> HttpResponse:
    organisation, indicator = _organisation_indicator(request, org, code)
    period = request.GET.get("period")
    csv_url = reverse("indicators:results-csv", kwargs={"org": organisation.code, "code": code})

    def gather() -> dict[str, Any]:
        found = selectors.indicator_results(organisation, indicator, request.user, period=period)
        return found | {
            "indicator": indicator,
            "csv_url": csv_url,
            "peers": peers(organisation, indicator, request.user, found["period"]),
            "question_kinds": question_kinds(organisation, indicator, request.user),
            "synthetic": selectors.has_synthetic_data(organisation),
        }

    adoption = (
        Adoption.objects.filter(organisation=organisation, indicator=indicator)
        .select_related("owner")
        .first()
    )
    figures = drawn_figures(
        gather, key=figures_key(organisation, indicator, request.user, period, adoption)
    )
    return page(
        request,
        "indicators/results.jinja",
        f"{indicator.name}: {organisation.name}",
        organisation=organisation,
        indicator=indicator,
        adoption=adoption,
        can_adopt=is_team_member_of(request.user, organisation),
        owner_words=owner_words(adoption),
        target_words=target_words(adoption),
        questions=questions_for(figures.question_kinds, indicator),
        status_rule=STATUS_RULE,
        breadcrumbs=[DASHBOARD],
        synthetic=figures.synthetic,
        area_name=organisation.name,
        figures=figures,
    )


@require_safe
def results_csv(request: HttpRequest, org: str, code: str) -> HttpResponse:
    organisation, indicator = _organisation_indicator(request, org, code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.code}-{indicator.code}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(selectors.CSV_COLUMNS)
    rows = selectors.csv_rows(organisation, indicator, request.user)
    writer.writerows(safe_row(row) for row in rows)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: HttpRequest, org: str, code: str) -> HttpResponse:
    organisation, indicator = _organisation_indicator(request, org, code)
    if not is_team_member_of(request.user, organisation):
        raise PermissionDenied
    adoption = Adoption.objects.filter(organisation=organisation, indicator=indicator).first()
    initial = {}
    if adoption:
        initial = {
            "owner": adoption.owner_id,
            "target_measure": adoption.target_measure,
            "target_value": adoption.target_value,
            "target_date": adoption.target_date,
            "target_text": adoption.target_text,
        }
    form = AdoptForm(
        posted(request),
        initial=initial,
        organisation=organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_targets.adoption_save(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                indicator=indicator,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("indicators:results", org=organisation.code, code=indicator.code)
    status = 400 if form.errors else 200
    response = page(
        request,
        "indicators/adopt.jinja",
        f"Adopt {indicator.name}",
        form=form,
        organisation=organisation,
        indicator=indicator,
        adoption=adoption,
        status_rule=STATUS_RULE,
        breadcrumbs=[DASHBOARD],
    )
    response.status_code = status
    return response


@login_required
@require_http_methods(["GET", "POST"])
def local_indicator_new(request: HttpRequest) -> HttpResponse:
    organisations = team_organisations(request.user)
    if not organisations:
        raise PermissionDenied("Only an organisation's lead and team add its local indicators.")
    form = LocalIndicatorForm(posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = form.organisations[data.pop("organisation")]
        try:
            indicator = services_registry.indicator_create_local(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                **data,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("indicators:indicator", code=indicator.code)
    response = page(
        request,
        "indicators/local_new.jinja",
        "Add a local indicator",
        form=form,
        breadcrumbs=[DASHBOARD, ("Indicator registry", reverse_lazy("indicators:registry"))],
    )
    response.status_code = 400 if form.errors else 200
    return response


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The terms drafted findings use, open to everyone (public board papers link here)."""
    return page(
        request,
        "indicators/glossary.jinja",
        "What the terms in findings mean",
        terms=TERMS,
        breadcrumbs=[DASHBOARD],
    )
