"""Reads across people records: the directory, profiles, organisations, systems, coverage.

Every selector fetches its related rows up front (select_related / prefetch_related) so a page
costs a fixed number of queries however many people it lists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from equityhub.core.models import User
from equityhub.people.models import (
    Interest,
    Membership,
    Organisation,
    OrganisationKind,
    Place,
    Profile,
    Region,
    Seat,
    Structure,
    System,
)

# The statutory duty to name a health inequalities lead falls on NHS bodies, so coverage counts
# trusts and ICBs; partners (councils, voluntary groups) appear in the directory, not as gaps.
NHS_KINDS = (OrganisationKind.TRUST, OrganisationKind.ICB)


def _current(prefix: str = "") -> Q:
    """Rows whose dates include today (start and end fields named started_on/ended_on)."""
    today = timezone.localdate()
    return (
        Q(**{f"{prefix}started_on__isnull": True}) | Q(**{f"{prefix}started_on__lte": today})
    ) & (Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today}))


def current_structures() -> QuerySet[Structure]:
    today = timezone.localdate()
    return Structure.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today),
        Q(end_date__isnull=True) | Q(end_date__gte=today),
    )


# --- directory ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is filtered by; every field is optional and they combine."""

    text: str = ""
    region: Region | None = None
    system: System | None = None
    kind: str = ""
    post: str = ""
    interest: Interest | None = None


def directory_search(*, viewer: User, filters: DirectoryFilters) -> QuerySet[Profile]:
    """Profiles the viewer may see that match every filter given, by name."""
    profiles = (
        Profile.objects.visible_to(viewer)
        .select_related("user", "organisation__system", "organisation__region")
        .prefetch_related("interests")
        .order_by("user__full_name", "pk")
    )
    if filters.text:
        text = filters.text
        profiles = profiles.filter(
            Q(user__full_name__icontains=text)
            | Q(job_title__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    if filters.region:
        profiles = profiles.filter(organisation__region=filters.region)
    if filters.system:
        profiles = profiles.filter(organisation__system=filters.system)
    if filters.kind:
        profiles = profiles.filter(organisation__kind=filters.kind)
    if filters.post:
        profiles = profiles.filter(post=filters.post)
    if filters.interest:
        profiles = profiles.filter(interests=filters.interest)
    return profiles


# --- one person -----------------------------------------------------------------------------


def _person_prefetches() -> list[Prefetch[Any]]:
    memberships = (
        Membership.objects.approved()
        .filter(ended_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    seats = Seat.objects.select_related("structure__system", "structure__place").order_by(
        "ended_on", "structure__name"
    )
    return [
        Prefetch("user__memberships", queryset=memberships, to_attr="current_memberships"),
        Prefetch("user__seats", queryset=seats, to_attr="all_seats"),
    ]


def profile_detail(*, viewer: User, pk: int) -> Profile | None:
    """A profile the viewer may see, with current roles and seats (past seats too)."""
    return (
        Profile.objects.visible_to(viewer)
        .select_related("user", "organisation__system", "organisation__region")
        .prefetch_related("interests", *_person_prefetches())
        .filter(pk=pk)
        .first()
    )


def profile_of(user: User) -> Profile | None:
    """The person's own profile (even when not listed), or None before they fill it in."""
    return (
        Profile.objects.filter(user=user)
        .select_related("user", "organisation__system", "organisation__region")
        .prefetch_related("interests", *_person_prefetches())
        .first()
    )


# --- organisations and systems --------------------------------------------------------------


def _listed_members() -> Prefetch[Any]:
    members = (
        Membership.objects.approved()
        .filter(ended_on__isnull=True, user__profile__listed=True, user__is_active=True)
        .select_related("user__profile")
        .order_by("role", "user__full_name")
    )
    return Prefetch("memberships", queryset=members, to_attr="current_members")


def organisation_search(
    *, text: str = "", region: Region | None = None, kind: str = "", current_only: bool = True
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("system", "region")
    if current_only:
        organisations = organisations.current()
    if text:
        organisations = organisations.filter(Q(name__icontains=text) | Q(code__iexact=text))
    if region:
        organisations = organisations.filter(region=region)
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations.order_by("name")


def organisation_detail(*, code: str) -> Organisation | None:
    return (
        Organisation.objects.select_related("system__region", "region", "successor")
        .prefetch_related(_listed_members(), "predecessors")
        .filter(code__iexact=code)
        .first()
    )


def systems_by_region() -> list[tuple[Region, list[System]]]:
    systems = System.objects.select_related("region").annotate(
        organisation_count=Count("organisations", filter=Q(organisations__end_date__isnull=True))
    )
    grouped: dict[Region, list[System]] = {}
    for system in systems.order_by("region__name", "name"):
        grouped.setdefault(system.region, []).append(system)
    return list(grouped.items())


def system_detail(*, code: str) -> System | None:
    """A system with its current organisations (and their leads), places and structures."""
    organisations = (
        Organisation.objects.current().prefetch_related(_current_leads()).order_by("kind", "name")
    )
    seats = Seat.objects.filter(_current()).select_related("user").order_by("user__full_name")
    structures = (
        current_structures()
        .select_related("place")
        .prefetch_related(Prefetch("seats", queryset=seats, to_attr="current_seats"))
        .order_by("kind", "name")
    )
    return (
        System.objects.select_related("region", "successor")
        .prefetch_related(
            Prefetch("organisations", queryset=organisations, to_attr="current_organisations"),
            Prefetch("places", queryset=Place.objects.order_by("name"), to_attr="all_places"),
            Prefetch("structures", queryset=structures, to_attr="current_structures"),
        )
        .filter(code__iexact=code)
        .first()
    )


# --- coverage -------------------------------------------------------------------------------


def _current_leads() -> Prefetch[Any]:
    leads = Membership.objects.leads().filter(ended_on__isnull=True).select_related("user__profile")
    return Prefetch("memberships", queryset=leads, to_attr="current_leads")


@dataclass(frozen=True)
class OrganisationCoverage:
    organisation: Organisation
    lead: User | None
    since: datetime.date | None


@dataclass(frozen=True)
class StructureCoverage:
    structure: Structure
    seats: list[Seat]
    has_lead: bool


@dataclass(frozen=True)
class Coverage:
    """For a region or system: who leads where, and which structures lack an HI lead."""

    area: Region | System
    organisations: list[OrganisationCoverage]
    structures: list[StructureCoverage]

    @property
    def with_lead(self) -> list[OrganisationCoverage]:
        return [row for row in self.organisations if row.lead is not None]

    @property
    def without_lead(self) -> list[OrganisationCoverage]:
        return [row for row in self.organisations if row.lead is None]

    @property
    def structures_without_lead(self) -> list[StructureCoverage]:
        return [row for row in self.structures if not row.has_lead]


def _lead_since(membership: Membership) -> datetime.date | None:
    """Since when the lead holds the role: the membership start, else the profile's date."""
    if membership.started_on:
        return membership.started_on
    profile = getattr(membership.user, "profile", None)
    return profile.appointed_on if profile is not None else None


def _organisation_rows(area_filter: Q) -> list[OrganisationCoverage]:
    organisations = (
        Organisation.objects.current()
        .filter(area_filter, kind__in=NHS_KINDS)
        .select_related("system")
        .prefetch_related(_current_leads())
        .order_by("system__name", "kind", "name")  # each ICB before its trusts
    )
    rows = []
    for organisation in organisations:
        lead = organisation.current_leads[0] if organisation.current_leads else None
        rows.append(
            OrganisationCoverage(
                organisation=organisation,
                lead=lead.user if lead else None,
                since=_lead_since(lead) if lead else None,
            )
        )
    return rows


def _structure_rows(system_filter: Q) -> list[StructureCoverage]:
    seats = Seat.objects.filter(_current()).select_related("user").order_by("user__full_name")
    structures = list(
        current_structures()
        .filter(system_filter)
        .select_related("system", "place")
        .prefetch_related(Prefetch("seats", queryset=seats, to_attr="current_seats"))
        .order_by("system__name", "name")
    )
    holder_ids = {seat.user_id for s in structures for seat in s.current_seats}
    lead_ids = set(
        Membership.objects.leads()
        .filter(ended_on__isnull=True, user_id__in=holder_ids)
        .values_list("user_id", flat=True)
    )
    return [
        StructureCoverage(
            structure=s,
            seats=s.current_seats,
            has_lead=any(seat.user_id in lead_ids for seat in s.current_seats),
        )
        for s in structures
    ]


def coverage_for(area: Region | System) -> Coverage:
    """Coverage of a region (all its systems) or of one system."""
    if isinstance(area, Region):
        organisations = _organisation_rows(Q(region=area))
        structures = _structure_rows(Q(system__region=area))
    else:
        organisations = _organisation_rows(Q(system=area))
        structures = _structure_rows(Q(system=area))
    return Coverage(area=area, organisations=organisations, structures=structures)
