from django.urls import path

from equityhub.library import views, views_certificates, views_contrib, views_import, views_lists
from equityhub.library.feeds import NewAndUpdatedFeed

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_view, name="search"),
    path("search/export/", views_import.export_view, name="export"),
    path("editors/import/", views_import.import_view, name="import"),
    path("topics/", views.topics, name="topics"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("for/<slug:slug>/", views.audience, name="audience"),
    path("new/", views.new_and_updated, name="new"),
    path("new/feed/", NewAndUpdatedFeed(), name="feed"),
    path("new/for-me/", views.new_for_me, name="new-for-me"),
    path("reading-lists/", views_lists.reading_lists, name="reading-lists"),
    path("reading-lists/<slug:slug>/", views_lists.reading_list, name="reading-list"),
    path(
        "reading-lists/<slug:slug>/export/",
        views_lists.reading_list_export,
        name="reading-list-export",
    ),
    path("certificates/<uuid:code>/", views_certificates.verify, name="certificate"),
    path("certificates/<uuid:code>/pdf/", views_certificates.pdf, name="certificate-pdf"),
    path(
        "editors/certificates/<int:pk>/",
        views_certificates.review,
        name="certificate-review",
    ),
    path("suggest/<str:kind>/", views_contrib.suggest, name="suggest"),
    path("contributions/", views_contrib.contributions, name="contributions"),
    path("contributions/<int:pk>/change/", views_contrib.revise, name="revise"),
    path("editors/", views_contrib.queue, name="queue"),
    path("editors/contributions/<int:pk>/", views_contrib.decide, name="decide"),
    path("editors/comments/<int:pk>/", views_contrib.moderate_comment, name="moderate-comment"),
    # Library pages come last: their slugs share the /library/ address space.
    path("<slug:slug>/", views.item, name="page"),
    path("<slug:slug>/useful/", views_contrib.useful, name="useful"),
    path("<slug:slug>/comment/", views_contrib.comment, name="comment"),
    path("<slug:slug>/propose/", views_contrib.propose_edit, name="propose-edit"),
    path("<slug:slug>/steps/<int:step>/", views_contrib.step_progress, name="step-progress"),
    path("<slug:slug>/certificate/", views_certificates.ask, name="certificate-ask"),
    path("<slug:slug>/export/", views_lists.pathway_export, name="pathway-export"),
]
