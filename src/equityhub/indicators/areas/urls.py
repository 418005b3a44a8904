"""Pages for a system, region or England.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.areas import views

urlpatterns = [
    path("area/<str:level>/<str:area>/", views.area_index, name="area-index"),
    path("area/<str:level>/<str:area>/<slug:code>/", views.area_results, name="area-results"),
    path(
        "area/<str:level>/<str:area>/<slug:code>/results.csv",
        views.area_results_csv,
        name="area-results-csv",
    ),
]
