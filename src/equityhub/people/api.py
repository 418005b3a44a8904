"""People endpoints of the JSON API: public reference data on regions and systems."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from equityhub.people.models import System

router = Router(tags=["people"])


class SystemOut(Schema):
    code: str
    ons_code: str
    name: str
    region: str


@router.get("/systems", response=list[SystemOut])
def list_systems(request: HttpRequest) -> list[SystemOut]:
    """Integrated care systems with their ODS and ONS codes (public reference data)."""
    return [
        SystemOut(code=s.code, ons_code=s.ons_code, name=s.name, region=s.region.name)
        for s in System.objects.select_related("region")
    ]
