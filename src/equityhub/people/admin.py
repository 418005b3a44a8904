"""The administration site for people records.

Reference data (regions, systems, places, organisations, structures, interests) is edited here.
Profiles, memberships and seats are read-only here: changes to them go through the service
pages, which check who may make them and write the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from equityhub.people.models import (
    Interest,
    Membership,
    Organisation,
    Place,
    Profile,
    Region,
    Seat,
    Structure,
    System,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name", "code", "ons_code"]


@admin.register(System)
class SystemAdmin(admin.ModelAdmin[System]):
    list_display = ["name", "code", "ons_code", "region", "end_date"]
    list_filter = ["region"]
    search_fields = ["name", "code", "ons_code"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ["name", "system"]
    list_filter = ["system__region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "code", "kind", "system", "start_date", "end_date"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]
    raw_id_fields = ["successor"]


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin[Structure]):
    list_display = ["name", "kind", "system", "place", "end_date"]
    list_filter = ["kind", "system__region"]
    search_fields = ["name"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin[Interest]):
    search_fields = ["name"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Profile)
class ProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "post", "listed", "updated_at"]
    list_filter = ["post", "listed"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "role", "status", "started_on", "ended_on"]
    list_filter = ["role", "status"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ["user", "structure", "role", "started_on", "ended_on"]
    search_fields = ["user__full_name", "structure__name"]
