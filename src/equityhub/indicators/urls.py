"""The indicators pages: each feature's addresses, all in the `indicators` namespace.

Order matters: an organisation's indicator pages (`<org>/<code>/`) come last, after every
fixed address that the same pattern would also match."""

from django.urls import include, path

from equityhub.indicators.dashboard import urls as dashboard_urls

app_name = "indicators"

urlpatterns = [
    path("", include(dashboard_urls.urlpatterns)),
    path("", include("equityhub.indicators.returns.urls")),
    path("", include("equityhub.indicators.tokens.urls")),
    path("", include("equityhub.indicators.areas.urls")),
    path("", include("equityhub.indicators.board.urls")),
    path("", include("equityhub.indicators.pilots.urls")),
    path("", include("equityhub.indicators.statement.urls")),
    path("", include("equityhub.indicators.judgements.urls")),
    path("", include(dashboard_urls.organisation_urlpatterns)),
]
