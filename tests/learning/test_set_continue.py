"""A learning set carries on as a community: its members and facilitators join it, the set
page links to it, members are told, and it is on the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.core.models import AuditEvent, Notification
from equityhub.learning.communities import services
from equityhub.learning.communities.from_sets import set_continue_as_community
from equityhub.learning.communities.members import can_moderate, is_member
from equityhub.learning.models import Community, LearningSet, Thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def ending_set(learning_set: LearningSet) -> LearningSet:
    learning_set.status = "closed"
    learning_set.save()
    return learning_set


def test_a_closed_set_carries_on_as_a_new_community(
    ending_set: LearningSet, people: dict[str, Any]
) -> None:
    community = set_continue_as_community(
        by=people["facilitator"], learning_set=ending_set, name="Elective recovery alumni"
    )
    assert community.description == ending_set.purpose
    for key in ("member", "other_member", "facilitator"):
        assert is_member(people[key], community)
    assert can_moderate(people["facilitator"], community)
    assert not is_member(people["outsider"], community)
    ending_set.refresh_from_db()
    assert ending_set.continued_in == community
    told = Notification.objects.filter(title__contains="carries on as the community")
    assert sorted(n.recipient_id for n in told) == sorted(
        [people["member"].pk, people["other_member"].pk]
    )
    event = AuditEvent.objects.get(action="learning.set.continue_as_community")
    assert event.detail == {"community": community.pk, "members_added": 2}  # the creator was in
    with pytest.raises(ValidationError, match="already carries on"):
        set_continue_as_community(by=people["facilitator"], learning_set=ending_set, name="Again")
    # The set's confidential records stay in the set: nothing is copied to the community.
    assert not Thread.objects.filter(community=community).exists()


def test_rules(learning_set: LearningSet, people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="still open"):
        set_continue_as_community(by=people["facilitator"], learning_set=learning_set, name="X")
    learning_set.status = "running"
    learning_set.save()
    with pytest.raises(PermissionDenied):
        set_continue_as_community(by=people["member"], learning_set=learning_set, name="X")
    with pytest.raises(ValidationError, match="Enter a name"):
        set_continue_as_community(by=people["facilitator"], learning_set=learning_set)
    elsewhere = services.community_create(
        by=people["administrator"], name="Someone else's", description="d"
    )
    with pytest.raises(PermissionDenied, match="you moderate"):
        set_continue_as_community(
            by=people["facilitator"], learning_set=learning_set, community=elsewhere
        )
    assert not Community.objects.exclude(pk=elsewhere.pk).exists()


def test_into_an_existing_community_the_facilitator_moderates(
    ending_set: LearningSet, people: dict[str, Any]
) -> None:
    existing = services.community_create(
        by=people["facilitator"], name="Elective recovery", description="d"
    )
    community = set_continue_as_community(
        by=people["facilitator"], learning_set=ending_set, community=existing
    )
    assert community == existing
    assert existing.members.count() == 3


def test_pages(ending_set: LearningSet, people: dict[str, Any], client_for: Any) -> None:
    url = reverse("learning:set-continue", kwargs={"pk": ending_set.pk})
    set_url = reverse("learning:set", kwargs={"pk": ending_set.pk})
    facilitator = client_for(people["facilitator"])
    assert "Continue as a community" in facilitator.get(set_url).content.decode()
    assert client_for(people["member"]).get(url).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert facilitator.get(url).status_code == 200
    assert facilitator.post(url, {"name": "", "description": ""}).status_code == 400
    response = facilitator.post(url, {"name": "Alumni of the set", "description": ""})
    community = Community.objects.get(name="Alumni of the set")
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:community", kwargs={"pk": community.pk})
    page = client_for(people["member"]).get(set_url).content.decode()
    assert "carries on as the community" in page and "Alumni of the set" in page
