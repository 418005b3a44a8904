"""Rated judgements of a qualitative indicator.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.judgements import views

urlpatterns = [
    path("<str:org>/<slug:code>/judgements/", views.judgements, name="judgements"),
]
