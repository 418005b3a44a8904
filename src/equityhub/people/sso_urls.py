"""Addresses of single sign-on, under /accounts/sso/."""

from django.urls import path

from equityhub.people import sso_views

app_name = "sso"

urlpatterns = [
    path("link/<str:token>/", sso_views.link_confirm, name="link-confirm"),
    path("<slug:name>/", sso_views.start, name="start"),
    path("<slug:name>/callback/", sso_views.callback, name="callback"),
]
