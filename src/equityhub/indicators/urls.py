from django.urls import path

from equityhub.indicators.areas import views as views_areas
from equityhub.indicators.board import views as views_board
from equityhub.indicators.dashboard import views
from equityhub.indicators.judgements import views as views_judgements
from equityhub.indicators.pilots import views as views_pilots
from equityhub.indicators.returns import views as views_returns
from equityhub.indicators.statement import views as views_statement
from equityhub.indicators.tokens import views as views_tokens

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("registry/", views.registry, name="registry"),
    path("glossary/", views.glossary, name="glossary"),
    path("registry/new/", views.local_indicator_new, name="local-new"),
    path("registry/<slug:code>/", views.indicator_detail, name="indicator"),
    path(
        "registry/<slug:code>/template.<str:kind>",
        views_returns.return_template,
        name="return-template",
    ),
    path(
        "registry/<slug:code>/categories.csv",
        views_returns.return_template,
        {"kind": "categories"},
        name="return-categories",
    ),
    path("returns/", views_returns.returns, name="returns"),
    path("returns/upload/", views_returns.upload, name="upload"),
    path("returns/problems.csv", views_returns.problems_report, name="problems-report"),
    path("returns/<int:pk>/", views_returns.return_detail, name="return"),
    path("returns/<int:pk>/commit/", views_returns.return_commit, name="return-commit"),
    path("returns/<int:pk>/discard/", views_returns.return_discard, name="return-discard"),
    path("returns/<int:pk>/rollback/", views_returns.return_rollback, name="return-rollback"),
    path("api-keys/", views_tokens.api_keys, name="api-keys"),
    path("api-keys/<int:pk>/revoke/", views_tokens.api_key_revoke, name="api-key-revoke"),
    path("area/<str:level>/<str:area>/", views_areas.area_index, name="area-index"),
    path("area/<str:level>/<str:area>/<slug:code>/", views_areas.area_results, name="area-results"),
    path(
        "area/<str:level>/<str:area>/<slug:code>/results.csv",
        views_areas.area_results_csv,
        name="area-results-csv",
    ),
    path("board-papers/<str:slug>/", views_board.public_paper, name="board-paper-public-view"),
    path("<str:org>/pilots/", views_pilots.pilots, name="pilots"),
    path("<str:org>/pilots/<int:pk>/", views_pilots.pilot_detail, name="pilot"),
    path("<str:org>/statement/", views_statement.statement_view, name="statement"),
    path("<str:org>/board-paper/", views_board.board_paper_view, name="board-paper"),
    path("<str:org>/board-papers/", views_board.papers, name="board-papers"),
    path("<str:org>/board-papers/new/", views_board.paper_new, name="board-paper-new"),
    path("<str:org>/board-papers/<int:pk>/", views_board.paper_detail, name="board-paper-detail"),
    path("<str:org>/board-papers/<int:pk>/edit/", views_board.paper_edit, name="board-paper-edit"),
    path(
        "<str:org>/board-papers/<int:pk>/history/",
        views_board.paper_history,
        name="board-paper-history",
    ),
    path(
        "<str:org>/board-papers/<int:pk>/publish/",
        views_board.paper_publish,
        name="board-paper-publish",
    ),
    path(
        "<str:org>/board-papers/<int:pk>/public/",
        views_board.paper_public,
        name="board-paper-public",
    ),
    path("<str:org>/statement/edit/", views_statement.statement_edit, name="statement-edit"),
    path("<str:org>/<slug:code>/", views.results, name="results"),
    path("<str:org>/<slug:code>/results.csv", views.results_csv, name="results-csv"),
    path("<str:org>/<slug:code>/adopt/", views.adopt, name="adopt"),
    path("<str:org>/<slug:code>/judgements/", views_judgements.judgements, name="judgements"),
]
