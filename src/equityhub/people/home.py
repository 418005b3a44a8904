"""What the directory adds to the home page: an unfinished profile, gaps in your own system."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, register_home_provider
from equityhub.people import selectors
from equityhub.people.models import Membership


def _profile_items(request: HttpRequest) -> list[HomeItem]:
    profile = selectors.profile_of(request.user)  # type: ignore[arg-type]
    if profile is not None and profile.job_title and profile.organisation_id:
        return []
    return [
        HomeItem(
            text="Fill in your directory profile",
            href=reverse("people:me-edit"),
            hint="Other leads and partners find you by your organisation, post and interests",
        )
    ]


def _coverage_items(request: HttpRequest) -> list[HomeItem]:
    """For a lead: the ICS structures in their system with no HI lead among their members."""
    lead = (
        Membership.objects.leads()
        .filter(user=request.user, organisation__system__isnull=False)
        .select_related("organisation__system")
        .first()
    )
    if lead is None:
        return []
    system = lead.organisation.system
    gaps = len(selectors.coverage_for(system).structures_without_lead)
    if not gaps:
        return []
    structures = "1 ICS structure has" if gaps == 1 else f"{gaps} ICS structures have"
    return [
        HomeItem(
            text=f"{structures} no health inequalities lead among the members, in {system}",
            href=reverse("people:coverage") + f"?system={system.code}",
            hint="Consider who could take a seat, or record the seats you already hold",
        )
    ]


def people_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    items = _profile_items(request) + _coverage_items(request)
    if not items:
        return None
    return HomeSection(
        title="People and systems",
        items=tuple(items),
        more_href=reverse("people:index"),
        more_text="Find people",
        order=30,
    )


def register() -> None:
    register_home_provider("people.directory", people_section)
