"""Addresses of the second factor, under /accounts/mfa/ (always open to a signed-in person)."""

from django.urls import path

from equityhub.people import mfa_views

app_name = "mfa"

urlpatterns = [
    path("", mfa_views.manage, name="manage"),
    path("set-up/", mfa_views.enrol, name="enrol"),
    path("verify/", mfa_views.verify, name="verify"),
    path("recovery-codes/", mfa_views.recovery_codes, name="recovery-codes"),
]
