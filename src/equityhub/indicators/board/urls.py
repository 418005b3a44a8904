"""Board papers: the quick paper, kept papers and their public links.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.board import views

urlpatterns = [
    path("board-papers/<str:slug>/", views.public_paper, name="board-paper-public-view"),
    path("<str:org>/board-paper/", views.board_paper_view, name="board-paper"),
    path("<str:org>/board-papers/", views.papers, name="board-papers"),
    path("<str:org>/board-papers/new/", views.paper_new, name="board-paper-new"),
    path("<str:org>/board-papers/<int:pk>/", views.paper_detail, name="board-paper-detail"),
    path("<str:org>/board-papers/<int:pk>/edit/", views.paper_edit, name="board-paper-edit"),
    path(
        "<str:org>/board-papers/<int:pk>/history/",
        views.paper_history,
        name="board-paper-history",
    ),
    path(
        "<str:org>/board-papers/<int:pk>/publish/",
        views.paper_publish,
        name="board-paper-publish",
    ),
    path(
        "<str:org>/board-papers/<int:pk>/public/",
        views.paper_public,
        name="board-paper-public",
    ),
]
