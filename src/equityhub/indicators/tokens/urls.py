"""API keys for analysts' pipelines.

Included by `equityhub.indicators.urls`, in its `indicators` namespace."""

from django.urls import path

from equityhub.indicators.tokens import views

urlpatterns = [
    path("api-keys/", views.api_keys, name="api-keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]
