"""Profile, interest and seat services: who may change what, bad input, the audit log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from equityhub.core.models import AuditEvent
from equityhub.people import services
from equityhub.people.models import Interest, Profile, Seat, Structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def structure(organisation: Any) -> Structure:
    return Structure.objects.create(
        name="Test ICB board", kind="icb_board", system=organisation.system
    )


def test_a_person_edits_their_own_profile_without_an_audit_line(make_user: Any) -> None:
    person = make_user()
    profile = services.profile_update(
        profile=Profile(user=person), by=person, job_title="Chief nurse", post="nursing_director"
    )
    profile.refresh_from_db()
    assert (profile.job_title, profile.post) == ("Chief nurse", "nursing_director")
    assert not AuditEvent.objects.filter(action="profile-updated").exists()


def test_a_person_cannot_edit_another_persons_profile(make_user: Any) -> None:
    owner, other = make_user(), make_user()
    profile = Profile.objects.create(user=owner, job_title="Chair")
    with pytest.raises(PermissionDenied):
        services.profile_update(profile=profile, by=other, job_title="Hijacked")
    profile.refresh_from_db()
    assert profile.job_title == "Chair"


def test_an_administrator_can_and_it_is_audited(make_user: Any) -> None:
    owner = make_user()
    admin = make_user(is_superuser=True, is_staff=True)
    profile = Profile.objects.create(user=owner, job_title="Chair")
    services.profile_update(profile=profile, by=admin, job_title="Chair of the board", bio="Hello")
    event = AuditEvent.objects.get(action="profile-updated")
    assert event.actor == admin
    assert event.detail == {"user_id": owner.pk, "fields": ["bio", "job_title"]}


def test_bad_values_save_nothing(make_user: Any) -> None:
    person = make_user()
    profile = Profile.objects.create(user=person, job_title="Chair")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.profile_update(profile=profile, by=person, appointed_on=tomorrow)
    with pytest.raises(ValidationError):
        services.profile_update(profile=profile, by=person, post="emperor")
    with pytest.raises(ValidationError, match="phone number"):
        services.profile_update(profile=profile, by=person, contact_preference="phone")
    with pytest.raises(TypeError, match="no field"):
        services.profile_update(profile=profile, by=person, is_superuser=True)
    assert Profile.objects.get(pk=profile.pk).post == ""


def test_interests_mix_existing_rows_and_new_names(make_user: Any) -> None:
    person = make_user()
    maternity = Interest.objects.create(name="Maternity")
    profile = services.profile_update(
        profile=Profile(user=person),
        by=person,
        interests=[maternity, " digital   inclusion ", "MATERNITY"],
    )
    assert sorted(profile.interests.values_list("name", flat=True)) == [
        "Digital inclusion",
        "Maternity",
    ]
    assert Interest.objects.count() == 2


def test_interest_names_are_checked() -> None:
    with pytest.raises(ValidationError, match="Enter an interest"):
        services.interest_add(name="   ")
    with pytest.raises(ValidationError, match="100 characters"):
        services.interest_add(name="x" * 101)


def test_seats_are_added_and_ended_by_their_holder(make_user: Any, structure: Structure) -> None:
    person = make_user()
    seat = services.seat_add(user=person, structure=structure, role="Member", by=person)
    with pytest.raises(ValidationError, match="already hold"):
        services.seat_add(user=person, structure=structure, role="Chair", by=person)
    services.seat_end(seat=seat, by=person)
    assert Seat.objects.get(pk=seat.pk).ended_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already ended"):
        services.seat_end(seat=seat, by=person)
    assert not AuditEvent.objects.exists()


def test_seat_rules(make_user: Any, structure: Structure) -> None:
    person, other = make_user(), make_user()
    with pytest.raises(PermissionDenied):
        services.seat_add(user=person, structure=structure, role="Member", by=other)
    with pytest.raises(ValidationError, match="role"):
        services.seat_add(user=person, structure=structure, role="  ", by=person)
    structure.end_date = datetime.date(2020, 1, 1)
    structure.save()
    with pytest.raises(ValidationError, match="closed"):
        services.seat_add(user=person, structure=structure, role="Member", by=person)
    assert not Seat.objects.exists()


def test_an_administrator_changing_seats_is_audited(make_user: Any, structure: Structure) -> None:
    person, admin = make_user(), make_user(is_superuser=True)
    seat = services.seat_add(
        user=person,
        structure=structure,
        role="Member",
        by=admin,
        started_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="on or after the start"):
        services.seat_end(seat=seat, by=admin, ended_on=datetime.date(2023, 1, 1))
    services.seat_end(seat=seat, by=admin)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "seat-added",
        "seat-ended",
    ]
