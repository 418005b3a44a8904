"""The annual report's health inequalities section.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.statement import views

urlpatterns = [
    path("<str:org>/statement/", views.statement_view, name="statement"),
    path("<str:org>/statement/edit/", views.statement_edit, name="statement-edit"),
]
