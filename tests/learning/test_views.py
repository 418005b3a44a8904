"""Pages of learning sets: confidentiality for every persona, break-glass, a full journey."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent
from equityhub.learning.models import (
    Action,
    BreakGlassGrant,
    LearningSet,
    Meeting,
    Presentation,
    SetMembership,
)

pytestmark = pytest.mark.django_db
SECRETS = ("CONFIDENTIAL-ISSUE", "CONFIDENTIAL-REFLECTION", "CONFIDENTIAL-ACTION")


def _pages(presentation: Presentation) -> list[str]:
    learning_set = presentation.meeting.learning_set
    return [
        reverse("learning:set", kwargs={"pk": learning_set.pk}),
        reverse("learning:meeting", kwargs={"pk": presentation.meeting.pk}),
    ]


@pytest.mark.parametrize("who", ["member", "other_member", "facilitator"])
def test_members_and_facilitator_read_the_set(
    client_for: Any, people: dict, presentation: Presentation, who: str
) -> None:
    client = client_for(people[who])
    meeting_page = client.get(_pages(presentation)[1]).content.decode()
    assert all(secret in meeting_page for secret in SECRETS)


@pytest.mark.parametrize("who", ["outsider", "administrator"])
def test_outsiders_and_administrators_get_404(
    client_for: Any, people: dict, presentation: Presentation, who: str
) -> None:
    client = client_for(people[who])
    for url in _pages(presentation):
        response = client.get(url)
        assert response.status_code == 404
        assert not any(secret in response.content.decode() for secret in SECRETS)
        assert "Test ICS learning set" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client: Any, presentation: Presentation) -> None:
    for url in _pages(presentation):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_former_member_loses_access(
    client_for: Any, people: dict, presentation: Presentation
) -> None:
    SetMembership.objects.filter(user=people["other_member"]).update(status="left")
    assert client_for(people["other_member"]).get(_pages(presentation)[0]).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "administrator"])
def test_outsiders_cannot_act_inside_a_set(
    client_for: Any, people: dict, presentation: Presentation, next_meeting: Meeting, who: str
) -> None:
    client = client_for(people[who])
    action = Action.objects.get()
    membership = SetMembership.objects.get(user=people["member"])
    posts = [
        reverse("learning:meeting-bid", kwargs={"pk": next_meeting.pk}),
        reverse("learning:presenter-choose", kwargs={"pk": presentation.pk}),
        reverse("learning:presentation", kwargs={"pk": presentation.pk}),
        reverse("learning:action-review", kwargs={"pk": action.pk}),
        reverse("learning:attendance", kwargs={"pk": presentation.meeting.pk}),
        reverse("learning:membership-decide", kwargs={"pk": membership.pk}),
        reverse("learning:set-leave", kwargs={"pk": presentation.meeting.learning_set.pk}),
    ]
    for url in posts:
        assert client.post(url, {"decision": "remove", "issue": "x"}).status_code == 404, url
    assert not Presentation.objects.filter(meeting=next_meeting).exists()
    assert SetMembership.objects.get(pk=membership.pk).status == "member"


def test_a_running_set_is_hidden_from_people_who_might_apply(
    client_for: Any, people: dict, learning_set: LearningSet
) -> None:
    url = reverse("learning:set-join", kwargs={"pk": learning_set.pk})
    assert client_for(people["outsider"]).get(url).status_code == 200  # open: name and purpose
    learning_set.status = "running"
    learning_set.save()
    assert client_for(people["outsider"]).get(url).status_code == 404


def test_break_glass(client_for: Any, people: dict, presentation: Presentation) -> None:
    admin = client_for(people["administrator"])
    learning_set = presentation.meeting.learning_set
    url = reverse("learning:break-glass", kwargs={"pk": learning_set.pk})
    assert client_for(people["facilitator"]).get(url).status_code == 404
    assert admin.post(url, {"reason": "curious"}).status_code == 400  # too short
    assert not BreakGlassGrant.objects.exists()
    reason = "Complaint from a member about conduct in the set (case 2027-14)"
    assert admin.post(url, {"reason": reason}).status_code == 302
    page = admin.get(_pages(presentation)[1]).content.decode()
    assert "CONFIDENTIAL-ISSUE" in page and "Break-glass access" in page
    assert AuditEvent.objects.filter(action="learning.break_glass.view").count() == 1
    BreakGlassGrant.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert admin.get(_pages(presentation)[1]).status_code == 404


def test_index_lists_your_sets_meetings_and_actions(
    client_for: Any, people: dict, presentation: Presentation, next_meeting: Meeting
) -> None:
    LearningSet.objects.create(
        name="Open national set", purpose="p", facilitator=people["facilitator"]
    )
    page = client_for(people["member"]).get(reverse("learning:index")).content.decode()
    assert "Test ICS learning set" in page and "Open national set" in page
    assert "CONFIDENTIAL-ACTION" in page  # the member's own action to review
    outsider = client_for(people["outsider"]).get(reverse("learning:index")).content.decode()
    assert "Open national set" in outsider and "CONFIDENTIAL" not in outsider
    home = client_for(people["member"]).get("/").content.decode()
    assert "Next meeting of Test ICS learning set" in home and "1 action to review" in home


def test_journey_from_setting_up_to_reviewing_actions(
    client_for: Any, people: dict, organisation: Any
) -> None:
    facilitator = client_for(people["facilitator"])
    response = facilitator.post(
        reverse("learning:set-create"),
        {
            "name": "Test ICS set",
            "purpose": "Leads of the ICS",
            "scope": "system",
            "system": organisation.system.pk,
            "size_cap": 6,
            "retention_months": 12,
        },
    )
    learning_set = LearningSet.objects.get(name="Test ICS set")
    assert response.status_code == 302
    response = facilitator.post(
        reverse("learning:set-members", kwargs={"pk": learning_set.pk}),
        {"email": people["member"].email},
    )
    assert response.status_code == 302
    member = client_for(people["member"])
    join = reverse("learning:set-join", kwargs={"pk": learning_set.pk})
    assert member.post(join, {"accept": "1"}).status_code == 302
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = facilitator.post(
        reverse("learning:meeting-create", kwargs={"pk": learning_set.pk}),
        {
            "date": day.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "location": "Civic Centre",
        },
    )
    meeting = Meeting.objects.get(learning_set=learning_set)
    assert timezone.localtime(meeting.starts_at).hour == 10
    member.post(reverse("learning:meeting-bid", kwargs={"pk": meeting.pk}))
    presentation = Presentation.objects.get(meeting=meeting)
    facilitator.post(reverse("learning:presenter-choose", kwargs={"pk": presentation.pk}))
    record = reverse("learning:presentation", kwargs={"pk": presentation.pk})
    assert member.post(record, {"issue": "Board papers lack ethnicity data"}).status_code == 302
    assert member.post(record, {"text": "Ask BI for ethnicity coding rates"}).status_code == 302
    assert facilitator.get(record).status_code == 403  # the presenter's own record
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(hours=2),
    )
    nxt = Meeting.objects.create(
        learning_set=learning_set,
        location="x",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=2),
    )
    page = member.get(reverse("learning:meeting", kwargs={"pk": nxt.pk})).content.decode()
    assert page.index("Review of the last meeting") < page.index("Ask BI for ethnicity")
    action = Action.objects.get()
    review = reverse("learning:action-review", kwargs={"pk": action.pk})
    assert (
        member.post(
            review, {"review_status": "in_progress", "learned": "Coding is 60%"}
        ).status_code
        == 302
    )
    assert Action.objects.get().review_status == "in_progress"
    outsider = client_for(people["outsider"])
    assert outsider.get(reverse("learning:meeting", kwargs={"pk": nxt.pk})).status_code == 404


def test_form_mistakes_are_shown(client_for: Any, people: dict, learning_set: LearningSet) -> None:
    facilitator = client_for(people["facilitator"])
    url = reverse("learning:meeting-create", kwargs={"pk": learning_set.pk})
    response = facilitator.post(
        url, {"date": "2020-01-01", "start_time": "10:00", "end_time": "11:00", "location": "x"}
    )
    assert response.status_code == 400 and "must be in the future" in response.content.decode()
    url = reverse("learning:set-members", kwargs={"pk": learning_set.pk})
    response = facilitator.post(url, {"email": "nobody@example.nhs.uk"})
    assert response.status_code == 400 and "No one with that email" in response.content.decode()
