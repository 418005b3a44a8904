"""Addresses of single sign-on, under /accounts/sso/."""

from django.urls import path

from equityhub.people.sso import views

app_name = "sso"

urlpatterns = [
    path("link/<str:token>/", views.link_confirm, name="link-confirm"),
    path("<slug:name>/", views.start, name="start"),
    path("<slug:name>/callback/", views.callback, name="callback"),
]
