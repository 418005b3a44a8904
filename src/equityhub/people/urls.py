from django.urls import include, path

from equityhub.people import views, views_browse

app_name = "people"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.me_edit, name="me-edit"),
    path("me/seats/add/", views.seat_add, name="seat-add"),
    path("me/seats/<int:pk>/end/", views.seat_end, name="seat-end"),
    path("organisations/", views_browse.organisations, name="organisations"),
    path("organisations/<str:code>/", views_browse.organisation, name="organisation"),
    path("systems/", views_browse.systems, name="systems"),
    path("systems/<str:code>/", views_browse.system, name="system"),
    path("coverage/", views_browse.coverage, name="coverage"),
    path("", include("equityhub.people.urls_accounts")),
]
