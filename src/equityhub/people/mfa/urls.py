"""Addresses of the second factor, under /accounts/mfa/ (always open to a signed-in person)."""

from django.urls import path

from equityhub.people.mfa import views

app_name = "mfa"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.enrol, name="enrol"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
]
