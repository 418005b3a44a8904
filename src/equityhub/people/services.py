"""Every write to people records: reference data, profiles, interests, seats on ICS structures.

Account lifecycle (registration, invitations, role claims, handover) lives in
`services_accounts.py`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.people.models import (
    Interest,
    Organisation,
    OrganisationKind,
    Profile,
    Region,
    Seat,
    Structure,
    System,
)
from equityhub.people.reference_data import DATA_DIR, read_reference_data

# --- reference data -------------------------------------------------------------------------


@dataclass
class LoadReport:
    """How many rows of each kind were created, updated or left as they were."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        tally = getattr(self, outcome)
        tally[kind] = tally.get(kind, 0) + 1

    def __str__(self) -> str:
        kinds = sorted({*self.created, *self.updated, *self.unchanged})
        return "; ".join(
            f"{kind}: {self.created.get(kind, 0)} new, {self.updated.get(kind, 0)} updated, "
            f"{self.unchanged.get(kind, 0)} unchanged"
            for kind in kinds
        )


def _upsert(
    model: type[models.Model], rows: list[dict[str, Any]], report: LoadReport, kind: str
) -> dict[str, Any]:
    """Create or update rows by code, saving only what differs (so a rerun writes nothing)."""
    existing = model.objects.in_bulk([row["code"] for row in rows], field_name="code")  # type: ignore[attr-defined]
    for values in rows:
        obj = existing.get(values["code"])
        if obj is None:
            existing[values["code"]] = model.objects.create(**values)  # type: ignore[attr-defined]
            report.count(kind, "created")
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            report.count(kind, "updated")
        else:
            report.count(kind, "unchanged")
    return existing


@transaction.atomic
def reference_data_load(*, directory: Path = DATA_DIR) -> LoadReport:
    """Load NHS England regions, ICBs (as systems and as organisations) and trusts.

    Idempotent upsert by code; all or nothing. Organisations missing from the files are kept
    (older trusts stay with their end dates). Raises ReferenceDataError on a bad file.
    """
    data = read_reference_data(directory)
    report = LoadReport()
    regions = _upsert(
        Region,
        [
            {"code": r.code, "ons_code": r.ons_code, "name": r.name, "source": r.source}
            for r in data.regions
        ],
        report,
        "regions",
    )
    systems = _upsert(System, [_system_values(s, regions) for s in data.systems], report, "systems")
    # Each ICB is also an organisation: it must name its own health inequalities lead.
    icbs = [_icb_organisation_values(s, systems) for s in data.systems]
    _upsert(Organisation, icbs, report, "integrated care boards")
    trusts = [_trust_values(t, regions, systems) for t in data.trusts]
    _upsert(Organisation, trusts, report, "trusts")
    return report


def _system_values(row: Any, regions: dict[str, Region]) -> dict[str, Any]:
    return {
        "code": row.code,
        "ons_code": row.ons_code,
        "name": row.name,
        "region_id": regions[row.region_code].pk,
        "start_date": row.start_date,
        "source": row.source,
    }


def _icb_organisation_values(row: Any, systems: dict[str, System]) -> dict[str, Any]:
    system = systems[row.code]
    return {
        "code": row.code,
        "ons_code": row.ons_code,
        "name": row.name,
        "kind": OrganisationKind.ICB,
        "system_id": system.pk,
        "region_id": system.region_id,
        "start_date": row.start_date,
        "source": row.source,
    }


def _trust_values(
    row: Any, regions: dict[str, Region], systems: dict[str, System]
) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "kind": OrganisationKind.TRUST,
        "system_id": systems[row.system_code].pk,
        "region_id": regions[row.region_code].pk,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "source": row.source,
    }


# --- profiles and interests -----------------------------------------------------------------

PROFILE_FIELDS = frozenset(
    {
        "organisation",
        "post",
        "job_title",
        "professional_background",
        "appointed_on",
        "interests",
        "bio",
        "contact_preference",
        "phone",
        "listed",
    }
)


def is_administrator(user: User) -> bool:
    return bool(user.is_active and user.is_superuser)


def can_edit_profile(*, profile: Profile, user: User) -> bool:
    """A person edits only their own profile; administrators may edit anyone's."""
    return user.is_authenticated and (profile.user_id == user.pk or is_administrator(user))


def _check_profile_values(values: dict[str, Any]) -> None:
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Profiles have no field(s): {', '.join(sorted(unknown))}")
    appointed = values.get("appointed_on")
    if appointed and appointed > timezone.localdate():
        raise ValidationError({"appointed_on": "The date appointed must be today or in the past."})
    if values.get("contact_preference") == "phone" and not values.get("phone", "").strip():
        raise ValidationError(
            {"phone": "Enter a phone number, or choose another way to contact you."}
        )


@transaction.atomic
def profile_update(*, profile: Profile, by: User, **fields: Any) -> Profile:
    """Change a profile (or create it, when `profile` is not saved yet) and return it.

    `interests` may mix Interest rows and names of new interests (created as needed).

    Raises PermissionDenied when `by` may not edit it, TypeError for an unknown field and
    ValidationError for a bad value; nothing is saved in either case.
    """
    if not can_edit_profile(profile=profile, user=by):
        raise PermissionDenied("You can only change your own profile.")
    current = {name: getattr(profile, name) for name in PROFILE_FIELDS - {"interests"}}
    merged = {**current, **fields}
    _check_profile_values(merged)
    interests = fields.pop("interests", None)
    if interests is not None:
        interests = [i if isinstance(i, Interest) else interest_add(name=i) for i in interests]
    changed = [name for name, value in fields.items() if current.get(name) != value]
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    if interests is not None:
        before = set(profile.interests.values_list("pk", flat=True))
        profile.interests.set(interests)
        if before != {i.pk for i in interests}:
            changed.append("interests")
    if changed and by.pk != profile.user_id:
        audit_record(
            action="profile-updated",
            actor=by,
            target=profile,
            detail={"user_id": profile.user_id, "fields": sorted(changed)},
        )
    return profile


def _interest_name(name: str) -> str:
    cleaned = re.sub(r"\s+", " ", name).strip()
    if not cleaned:
        raise ValidationError("Enter an interest.")
    if len(cleaned) > 100:
        raise ValidationError("An interest must be 100 characters or fewer.")
    return cleaned[0].upper() + cleaned[1:]


@transaction.atomic
def interest_add(*, name: str) -> Interest:
    """Return the interest with this name (ignoring case), creating it if it is new."""
    cleaned = _interest_name(name)
    existing = Interest.objects.filter(name__iexact=cleaned).first()
    return existing or Interest.objects.create(name=cleaned)


@transaction.atomic
def interests_add(*, names: Iterable[str]) -> list[Interest]:
    """Several interests at once, from free text split on commas; blanks are ignored."""
    return [interest_add(name=name) for name in names if name.strip()]


# --- seats on ICS structures ----------------------------------------------------------------


def _check_can_change_seats(*, user: User, by: User) -> None:
    if not (by.is_authenticated and (by.pk == user.pk or is_administrator(by))):
        raise PermissionDenied("You can only change your own places on ICS structures.")


@transaction.atomic
def seat_add(
    *,
    user: User,
    structure: Structure,
    role: str,
    by: User,
    started_on: datetime.date | None = None,
) -> Seat:
    """Record that `user` sits on `structure` (for example as a member or chair)."""
    _check_can_change_seats(user=user, by=by)
    role = role.strip()
    if not role:
        raise ValidationError({"role": "Enter the role you hold on this structure."})
    if not structure.is_current():
        raise ValidationError({"structure": "This structure has closed."})
    if started_on and started_on > timezone.localdate():
        raise ValidationError({"started_on": "The start date must be today or in the past."})
    if Seat.objects.filter(user=user, structure=structure, ended_on__isnull=True).exists():
        raise ValidationError({"structure": "You already hold a current place on this structure."})
    seat = Seat(user=user, structure=structure, role=role, started_on=started_on)
    seat.full_clean()
    seat.save()
    if by.pk != user.pk:
        audit_record(action="seat-added", actor=by, target=seat, detail={"user_id": user.pk})
    return seat


@transaction.atomic
def seat_end(*, seat: Seat, by: User, ended_on: datetime.date | None = None) -> Seat:
    """Close a seat on a structure; the record stays as the person's history."""
    _check_can_change_seats(user=seat.user, by=by)
    ended_on = ended_on or timezone.localdate()
    if seat.ended_on is not None:
        raise ValidationError("This place on the structure has already ended.")
    if seat.started_on and ended_on < seat.started_on:
        raise ValidationError({"ended_on": "The end date must be on or after the start date."})
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    if by.pk != seat.user_id:
        audit_record(action="seat-ended", actor=by, target=seat, detail={"user_id": seat.user_id})
    return seat
