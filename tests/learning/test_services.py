"""Rules of sets and their members: who may act, size cap, waiting list, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equityhub.core.models import AuditEvent, Notification
from equityhub.learning.models import LearningSet, SetMembership
from equityhub.learning.sets import break_glass as services_break_glass
from equityhub.learning.sets import services


def _status(learning_set: LearningSet, user: Any) -> str:
    return SetMembership.objects.get(learning_set=learning_set, user=user).status


@pytest.mark.django_db
class TestSetCreate:
    def test_a_facilitator_sets_up_an_ics_set(self, people: dict[str, Any], organisation: Any):
        learning_set = services.set_create(
            facilitator=people["facilitator"],
            name=" ICS set ",
            purpose="Purpose",
            scope="system",
            system=organisation.system,
        )
        assert learning_set.name == "ICS set" and learning_set.status == "open"
        assert learning_set.system == organisation.system and learning_set.retention_months == 12
        assert AuditEvent.objects.filter(action="learning.set.create").exists()

    @pytest.mark.parametrize("who", ["member", "administrator"])
    def test_only_facilitators(self, people: dict[str, Any], who: str) -> None:
        with pytest.raises(PermissionDenied):
            services.set_create(facilitator=people[who], name="Set", purpose="P")

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"name": "  "}, "name"),
            ({"scope": "system"}, "system"),
            ({"scope": "galaxy"}, "scope"),
            ({"size_cap": 1}, "size_cap"),
            ({"size_cap": 40}, "size_cap"),
            ({"retention_months": 0}, "retention_months"),
        ],
    )
    def test_bad_input_names_the_field(
        self, people: dict[str, Any], fields: dict[str, Any], field: str
    ) -> None:
        values = {"name": "Set", "purpose": "P", **fields}
        with pytest.raises(ValidationError) as error:
            services.set_create(facilitator=people["facilitator"], **values)
        assert field in error.value.error_dict
        assert not LearningSet.objects.exists()


@pytest.mark.django_db
class TestJoining:
    def test_apply_then_accepted(self, learning_set: LearningSet, people: dict[str, Any]) -> None:
        outsider = people["outsider"]
        services.membership_apply(user=outsider, learning_set=learning_set, message="Keen")
        assert _status(learning_set, outsider) == "applied"
        assert Notification.objects.filter(recipient=people["facilitator"]).exists()
        membership = SetMembership.objects.get(learning_set=learning_set, user=outsider)
        services.application_decide(by=people["facilitator"], membership=membership, accept=True)
        assert _status(learning_set, outsider) == "member"

    def test_duplicate_application_is_refused(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        services.membership_apply(user=people["outsider"], learning_set=learning_set)
        with pytest.raises(ValidationError, match="already applied"):
            services.membership_apply(user=people["outsider"], learning_set=learning_set)

    def test_members_and_facilitator_cannot_apply(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        with pytest.raises(ValidationError, match="already a member"):
            services.membership_apply(user=people["member"], learning_set=learning_set)
        with pytest.raises(ValidationError, match="facilitate"):
            services.membership_apply(user=people["facilitator"], learning_set=learning_set)

    def test_no_applications_once_running(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        learning_set.status = "running"
        learning_set.save()
        with pytest.raises(ValidationError, match="not taking applications"):
            services.membership_apply(user=people["outsider"], learning_set=learning_set)

    def test_only_the_facilitator_decides(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        membership = services.membership_apply(user=people["outsider"], learning_set=learning_set)
        for who in ("member", "administrator"):
            with pytest.raises(PermissionDenied):
                services.application_decide(by=people[who], membership=membership, accept=True)
        services.application_decide(by=people["facilitator"], membership=membership, accept=False)
        assert _status(learning_set, people["outsider"]) == "left"
        with pytest.raises(ValidationError, match="already been decided"):
            services.application_decide(
                by=people["facilitator"], membership=membership, accept=True
            )

    def test_invite_then_accept(self, learning_set: LearningSet, people: dict[str, Any]) -> None:
        services.membership_invite(
            by=people["facilitator"], learning_set=learning_set, user=people["outsider"]
        )
        with pytest.raises(ValidationError):
            services.membership_invite(
                by=people["facilitator"], learning_set=learning_set, user=people["outsider"]
            )
        services.invitation_respond(user=people["outsider"], learning_set=learning_set, accept=True)
        assert _status(learning_set, people["outsider"]) == "member"

    def test_declining_and_answering_without_an_invitation(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        with pytest.raises(ValidationError, match="no open invitation"):
            services.invitation_respond(
                user=people["outsider"], learning_set=learning_set, accept=True
            )
        services.membership_invite(
            by=people["facilitator"], learning_set=learning_set, user=people["outsider"]
        )
        services.invitation_respond(
            user=people["outsider"], learning_set=learning_set, accept=False
        )
        assert _status(learning_set, people["outsider"]) == "left"

    def test_only_the_facilitator_invites(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        with pytest.raises(PermissionDenied):
            services.membership_invite(
                by=people["member"], learning_set=learning_set, user=people["outsider"]
            )


@pytest.mark.django_db
class TestSizeCapAndWaitingList:
    def _fill(self, learning_set: LearningSet, make_user: Any, count: int) -> list[Any]:
        users = [make_user() for _ in range(count)]
        for user in users:
            services.membership_invite(
                by=learning_set.facilitator, learning_set=learning_set, user=user
            )
            services.invitation_respond(user=user, learning_set=learning_set, accept=True)
        return users

    def test_full_set_puts_people_on_the_waiting_list(
        self, learning_set: LearningSet, make_user: Any
    ) -> None:
        first, second, third, fourth = self._fill(learning_set, make_user, 4)  # cap 4, 2 in
        assert [_status(learning_set, u) for u in (first, second)] == ["member", "member"]
        assert [_status(learning_set, u) for u in (third, fourth)] == ["waiting", "waiting"]

    def test_a_place_goes_to_the_longest_waiting(
        self, learning_set: LearningSet, make_user: Any, people: dict[str, Any]
    ) -> None:
        _, _, third, fourth = self._fill(learning_set, make_user, 4)
        leaving = SetMembership.objects.get(learning_set=learning_set, user=people["member"])
        services.membership_end(by=people["member"], membership=leaving)
        assert _status(learning_set, third) == "member"
        assert _status(learning_set, fourth) == "waiting"

    def test_raising_the_cap_admits_people_waiting(
        self, learning_set: LearningSet, make_user: Any, people: dict[str, Any]
    ) -> None:
        _, _, third, fourth = self._fill(learning_set, make_user, 4)
        services.set_update(by=people["facilitator"], learning_set=learning_set, size_cap=6)
        assert _status(learning_set, third) == _status(learning_set, fourth) == "member"

    def test_the_cap_cannot_go_below_the_members(
        self, learning_set: LearningSet, make_user: Any, people: dict[str, Any]
    ) -> None:
        self._fill(learning_set, make_user, 2)
        with pytest.raises(ValidationError) as error:
            services.set_update(by=people["facilitator"], learning_set=learning_set, size_cap=3)
        assert "size_cap" in error.value.error_dict


@pytest.mark.django_db
class TestLeavingAndClosing:
    def test_facilitator_removes_but_members_cannot_remove_others(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        other = SetMembership.objects.get(learning_set=learning_set, user=people["other_member"])
        with pytest.raises(PermissionDenied):
            services.membership_end(by=people["member"], membership=other)
        services.membership_end(by=people["facilitator"], membership=other)
        assert _status(learning_set, people["other_member"]) == "left"
        with pytest.raises(ValidationError, match="already left"):
            services.membership_end(by=people["facilitator"], membership=other)

    def test_closing_records_when_and_freezes_the_set(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        services.set_update(by=people["facilitator"], learning_set=learning_set, status="closed")
        learning_set.refresh_from_db()
        assert learning_set.closed_at is not None
        with pytest.raises(ValidationError, match="closed"):
            services.set_update(by=people["facilitator"], learning_set=learning_set, name="New")

    def test_only_the_facilitator_changes_the_set(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        for who in ("member", "administrator"):
            with pytest.raises(PermissionDenied):
                services.set_update(by=people[who], learning_set=learning_set, name="Mine")


@pytest.mark.django_db
class TestBreakGlass:
    def test_needs_an_administrator_and_a_reason(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        with pytest.raises(PermissionDenied):
            services_break_glass.break_glass_open(
                administrator=people["facilitator"], learning_set=learning_set, reason="x" * 30
            )
        with pytest.raises(ValidationError) as error:
            services_break_glass.break_glass_open(
                administrator=people["administrator"], learning_set=learning_set, reason="look"
            )
        assert "reason" in error.value.error_dict

    def test_is_audited_time_limited_and_told_to_the_facilitator(
        self, learning_set: LearningSet, people: dict[str, Any]
    ) -> None:
        reason = "Safeguarding concern raised by a member on 3 March"
        grant = services_break_glass.break_glass_open(
            administrator=people["administrator"], learning_set=learning_set, reason=reason
        )
        event = AuditEvent.objects.get(action="learning.break_glass.open")
        assert event.detail["reason"] == reason and event.actor == people["administrator"]
        assert (grant.expires_at - grant.granted_at).total_seconds() == 3600
        told = Notification.objects.get(recipient=people["facilitator"])
        assert reason in told.body
        assert (
            LearningSet.objects.readable_by(people["administrator"])
            .filter(pk=learning_set.pk)
            .exists()
        )
        assert not LearningSet.objects.visible_to(people["administrator"]).exists()
