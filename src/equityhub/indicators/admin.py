"""The administration site for indicators.

Administrators maintain the registry here (national indicators are loaded from the shipped data
file by `equityhub load_indicators`; edits here are overwritten by the next load). Returns,
results and adoptions are read-only: changes go through the service pages, which check who may
make them and write the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from equityhub.indicators.dashboard.models import Adoption
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.models import DataReturn


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["name", "code", "type", "is_performance", "owner_organisation"]
    list_filter = ["type", "is_performance", "figure_two_class"]
    search_fields = ["name", "code", "description"]


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DataReturn)
class DataReturnAdmin(ReadOnly):
    list_display = ["filename", "organisation", "status", "uploaded_at", "uploaded_by"]
    list_filter = ["status", "is_synthetic"]
    exclude = ["staged_rows"]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnly):
    list_display = ["indicator", "organisation", "owner", "target_value", "target_date"]
