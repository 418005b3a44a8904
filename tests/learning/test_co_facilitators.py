"""Co-facilitators: chosen by the set's facilitator among facilitators, they run the set with
them (applications, invitations, adding people, meetings, attendance) through one check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.core.models import AuditEvent, Notification
from equityhub.learning.home.selectors import sets_needing_a_date
from equityhub.learning.meetings.services import attendance_record, meeting_schedule
from equityhub.learning.models import LearningSet, Meeting, SetMembership
from equityhub.learning.sets import services
from equityhub.learning.sets.bulk_add import set_members_add
from equityhub.learning.sets.bulk_csv import Candidate
from equityhub.learning.sets.co_facilitators import co_facilitator_add, co_facilitator_remove
from equityhub.learning.sets.selectors import open_sets_for, set_access
from tests.learning.conftest import hours_from_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def co(make_user: Callable[..., Any]) -> Any:
    user = make_user(full_name="Cora Co")
    user.groups.add(Group.objects.get_or_create(name="Facilitators")[0])
    return user


@pytest.fixture
def shared_set(learning_set: LearningSet, people: dict[str, Any], co: Any) -> LearningSet:
    co_facilitator_add(by=people["facilitator"], learning_set=learning_set, user=co)
    return learning_set


def test_only_the_facilitator_chooses_facilitators_as_co_facilitators(
    learning_set: LearningSet, people: dict[str, Any], co: Any
) -> None:
    facilitator = people["facilitator"]
    with pytest.raises(PermissionDenied):
        co_facilitator_add(by=people["member"], learning_set=learning_set, user=co)
    with pytest.raises(ValidationError, match="is not a facilitator"):
        co_facilitator_add(by=facilitator, learning_set=learning_set, user=people["outsider"])
    people["member"].groups.add(Group.objects.get(name="Facilitators"))
    with pytest.raises(ValidationError, match="is a member of this set"):
        co_facilitator_add(by=facilitator, learning_set=learning_set, user=people["member"])
    with pytest.raises(ValidationError, match="already facilitates"):
        co_facilitator_add(by=facilitator, learning_set=learning_set, user=facilitator)
    co_facilitator_add(by=facilitator, learning_set=learning_set, user=co)
    assert learning_set.is_run_by(co)
    with pytest.raises(ValidationError, match="already facilitates"):
        co_facilitator_add(by=facilitator, learning_set=learning_set, user=co)
    with pytest.raises(PermissionDenied):  # a co-facilitator does not choose others
        co_facilitator_remove(by=co, learning_set=learning_set, user=facilitator)
    assert Notification.objects.filter(recipient=co, title__contains="co-facilitate").exists()
    assert AuditEvent.objects.filter(action="learning.set.co_facilitator_add").count() == 1


def test_a_co_facilitator_runs_the_set(
    shared_set: LearningSet, people: dict[str, Any], co: Any, past_meeting: Meeting
) -> None:
    access = set_access(co, shared_set.pk)
    assert access.is_facilitator and not access.is_lead_facilitator
    services.set_update(by=co, learning_set=shared_set, status="open")
    application = services.membership_apply(user=people["outsider"], learning_set=shared_set)
    assert Notification.objects.filter(recipient=co, title__contains="asked to join").exists()
    services.application_decide(by=co, membership=application, accept=True)
    invited = services.membership_invite(
        by=co, learning_set=shared_set, user=people["administrator"]
    )
    assert invited.status == "invited"
    with pytest.raises(ValidationError, match="facilitates this set"):
        services.membership_invite(by=co, learning_set=shared_set, user=people["facilitator"])
    report = set_members_add(
        by=co,
        learning_set=shared_set,
        candidates=[Candidate(row=2, email=people["facilitator"].email)],
    )
    assert people["facilitator"].email in report.already
    assert shared_set in sets_needing_a_date(co)  # the co-facilitator's home queue
    meeting_schedule(
        by=co,
        learning_set=shared_set,
        starts_at=hours_from_now(48),
        ends_at=hours_from_now(50),
        location="Leeds",
    )
    assert shared_set not in sets_needing_a_date(co)
    attendance_record(by=co, meeting=past_meeting, present=[people["member"]])
    assert shared_set not in open_sets_for(co)


def test_removing_a_co_facilitator_ends_their_access(
    shared_set: LearningSet, people: dict[str, Any], co: Any
) -> None:
    co_facilitator_remove(by=people["facilitator"], learning_set=shared_set, user=co)
    assert not shared_set.is_run_by(co)
    with pytest.raises(PermissionDenied):
        services.set_update(by=co, learning_set=shared_set, status="running")
    with pytest.raises(ValidationError, match="does not co-facilitate"):
        co_facilitator_remove(by=people["facilitator"], learning_set=shared_set, user=co)


def test_pages_as_facilitator_co_facilitator_member_outsider_and_anonymous(
    shared_set: LearningSet, people: dict[str, Any], co: Any, client_for: Any, make_user: Any
) -> None:
    url = reverse("learning:set-co-facilitators", kwargs={"pk": shared_set.pk})
    set_url = reverse("learning:set", kwargs={"pk": shared_set.pk})
    facilitator = client_for(people["facilitator"])
    page = facilitator.get(url).content.decode()
    assert "Cora Co" in page and "Add a co-facilitator" in page
    assert "Co-facilitator: Cora Co" in client_for(people["member"]).get(set_url).content.decode()
    assert client_for(co).get(url).status_code == 403
    assert client_for(people["member"]).get(url).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    co_page = client_for(co).get(set_url).content.decode()
    assert "Manage members" in co_page and "Stop co-facilitating" in co_page
    members_url = reverse("learning:set-members", kwargs={"pk": shared_set.pk})
    assert client_for(co).get(members_url).status_code == 200
    another = make_user(full_name="Fred Second")
    another.groups.add(Group.objects.get(name="Facilitators"))
    assert facilitator.post(url, {"email": "nobody@example.nhs.uk"}).status_code == 400
    assert facilitator.post(url, {"email": another.email}).status_code == 302
    assert shared_set.is_run_by(another)
    assert facilitator.post(url, {"remove": str(another.pk)}).status_code == 302
    assert not shared_set.is_run_by(another)
    assert client_for(co).post(url, {"remove": str(co.pk)}).status_code == 302  # steps down
    assert not shared_set.is_run_by(co)


def test_a_co_facilitator_decides_applications_by_the_page(
    shared_set: LearningSet, people: dict[str, Any], co: Any, client_for: Any
) -> None:
    shared_set.status = "open"
    shared_set.save()
    application = services.membership_apply(user=people["outsider"], learning_set=shared_set)
    url = reverse("learning:membership-decide", kwargs={"pk": application.pk})
    assert client_for(people["member"]).post(url, {"decision": "accept"}).status_code == 404
    assert client_for(co).post(url, {"decision": "accept"}).status_code == 302
    assert SetMembership.objects.get(pk=application.pk).status == "member"
