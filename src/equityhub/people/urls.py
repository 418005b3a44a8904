from django.urls import include, path

from equityhub.people import views

app_name = "people"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("", include("equityhub.people.urls_accounts")),
]
