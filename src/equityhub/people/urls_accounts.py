"""Addresses of the account lifecycle: registration, invitations, role claims and approval."""

from django.urls import path

from equityhub.people import views_accounts as views

urlpatterns = [
    path("register/", views.register, name="register"),
]
