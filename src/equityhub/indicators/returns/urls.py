"""Data returns: templates, upload, check, commit, discard, roll back.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.returns import views

urlpatterns = [
    path(
        "registry/<slug:code>/template.<str:kind>",
        views.return_template,
        name="return-template",
    ),
    path(
        "registry/<slug:code>/categories.csv",
        views.return_template,
        {"kind": "categories"},
        name="return-categories",
    ),
    path("returns/", views.returns, name="returns"),
    path("returns/upload/", views.upload, name="upload"),
    path("returns/problems.csv", views.problems_report, name="problems-report"),
    path("returns/<int:pk>/", views.return_detail, name="return"),
    path(
        "returns/<int:pk>/problems.csv",
        views.return_problems_report,
        name="return-problems-report",
    ),
    path("returns/<int:pk>/commit/", views.return_commit, name="return-commit"),
    path("returns/<int:pk>/discard/", views.return_discard, name="return-discard"),
    path("returns/<int:pk>/rollback/", views.return_rollback, name="return-rollback"),
]
