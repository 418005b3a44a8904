"""The dashboard, the registry and glossary pages, an indicator's page.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.dashboard import views

urlpatterns = [
    path("", views.index, name="index"),
    path("registry/", views.registry, name="registry"),
    path("glossary/", views.glossary, name="glossary"),
    path("registry/new/", views.local_indicator_new, name="local-new"),
    path("registry/<slug:code>/", views.indicator_detail, name="indicator"),
]

# An organisation's indicator pages: `<org>/<code>/` would match every two-part address above
# and in the other features, so the top-level urls.py includes these last.
organisation_urlpatterns = [
    path("<str:org>/<slug:code>/", views.results, name="results"),
    path("<str:org>/<slug:code>/results.csv", views.results_csv, name="results-csv"),
    path("<str:org>/<slug:code>/adopt/", views.adopt, name="adopt"),
]
