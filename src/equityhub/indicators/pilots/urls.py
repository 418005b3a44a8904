"""Pilots of an organisation.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.pilots import views

urlpatterns = [
    path("<str:org>/pilots/", views.pilots, name="pilots"),
    path("<str:org>/pilots/<int:pk>/", views.pilot_detail, name="pilot"),
]
