"""Buddying: opt in, ask with reasons, both accept, check-in prompts, either can end it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import Notification
from equityhub.core.scheduler import periodic_jobs
from equityhub.learning.buddying import services as services_buddies
from equityhub.learning.models import Buddying, BuddyProfile
from equityhub.people.models import Interest

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(people: dict[str, Any]) -> tuple[Any, Any]:
    housing = Interest.objects.create(name="Housing")
    new = services_buddies.profile_save(
        user=people["member"], stage="new", background="finance", interests=[housing]
    )
    experienced = services_buddies.profile_save(
        user=people["other_member"],
        stage="experienced",
        background="public_health",
        interests=[housing],
    )
    return new.user, experienced.user


def titles(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_profile_rejects_unknown_choices(people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        services_buddies.profile_save(user=people["member"], stage="guru", background="x")
    assert set(error.value.message_dict) == {"stage", "background"}
    assert not BuddyProfile.objects.exists()


def test_two_leads_are_matched_with_a_reason_and_both_accept(pair: tuple[Any, Any]) -> None:
    new, experienced = pair
    buddying = services_buddies.buddy_propose(by=new, partner=experienced, message="Hello")
    assert buddying.status == "proposed"
    assert buddying.reasons == [
        "You are new in role and they are experienced",
        "You share an interest in Housing",
        "Complementary backgrounds: you come from finance, they come from public health",
    ]
    assert any("would like to be your buddy" in t for t in titles(experienced))
    with pytest.raises(PermissionDenied):
        services_buddies.buddy_answer(by=new, buddying=buddying, accept=True)
    services_buddies.buddy_answer(by=experienced, buddying=buddying, accept=True)
    buddying.refresh_from_db()
    assert buddying.status == "active" and buddying.accepted_at is not None
    assert any("accepted" in t for t in titles(new))
    with pytest.raises(ValidationError, match="already"):
        services_buddies.buddy_propose(by=experienced, partner=new)


def test_only_people_who_opted_in_can_be_asked(
    pair: tuple[Any, Any], people: dict[str, Any]
) -> None:
    new, experienced = pair
    with pytest.raises(ValidationError, match="not looking"):
        services_buddies.buddy_propose(by=new, partner=people["outsider"])
    with pytest.raises(ValidationError, match="Opt in"):
        services_buddies.buddy_propose(by=people["outsider"], partner=new)
    services_buddies.profile_save(
        user=experienced, stage="experienced", background="finance", opted_in=False
    )
    with pytest.raises(ValidationError, match="not looking"):
        services_buddies.buddy_propose(by=new, partner=experienced)
    with pytest.raises(ValidationError, match="own buddy"):
        services_buddies.buddy_propose(by=new, partner=new)


def test_declining_ends_the_request(pair: tuple[Any, Any]) -> None:
    new, experienced = pair
    buddying = services_buddies.buddy_propose(by=new, partner=experienced)
    services_buddies.buddy_answer(by=experienced, buddying=buddying, accept=False)
    assert Buddying.objects.get().status == "declined"
    with pytest.raises(ValidationError):
        services_buddies.check_in_record(by=new, buddying=buddying)


def test_either_buddy_can_end_it(pair: tuple[Any, Any], people: dict[str, Any]) -> None:
    new, experienced = pair
    buddying = services_buddies.buddy_propose(by=new, partner=experienced)
    with pytest.raises(ValidationError, match="Decline"):
        services_buddies.buddy_end(by=experienced, buddying=buddying)
    services_buddies.buddy_answer(by=experienced, buddying=buddying, accept=True)
    with pytest.raises(PermissionDenied):
        services_buddies.buddy_end(by=people["outsider"], buddying=buddying)
    services_buddies.buddy_end(by=experienced, buddying=buddying)
    buddying.refresh_from_db()
    assert (buddying.status, buddying.ended_by) == ("ended", experienced)
    assert any("ended" in t for t in titles(new))


def test_check_in_prompts_come_when_due_and_once(pair: tuple[Any, Any]) -> None:
    new, experienced = pair
    buddying = services_buddies.buddy_propose(by=new, partner=experienced)
    services_buddies.buddy_answer(by=experienced, buddying=buddying, accept=True)
    buddying.refresh_from_db()
    start = buddying.accepted_at
    assert start is not None
    assert services_buddies.check_in_prompts_send(start + datetime.timedelta(weeks=3)) == []
    due = start + datetime.timedelta(weeks=4, hours=1)
    assert services_buddies.check_in_prompts_send(due) == [buddying]
    assert services_buddies.check_in_prompts_send(due) == []
    for person in pair:
        assert any("Time to check in" in t for t in titles(person))
    assert services_buddies.check_ins_due_for(new, due) == [buddying]
    services_buddies.check_in_record(by=new, buddying=buddying, note="Met for coffee")
    assert services_buddies.check_ins_due_for(new, timezone.now()) == []
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["learning.buddy-check-ins"].every == datetime.timedelta(days=1)


def test_buddy_flow_through_the_pages(
    client_for: Any, pair: tuple[Any, Any], people: dict[str, Any]
) -> None:
    new, experienced = pair
    page = client_for(new).get(reverse("learning:buddies"))
    assert "You are new in role and they are experienced" in page.content.decode()
    ask = reverse("learning:buddy-propose", kwargs={"user_pk": experienced.pk})
    response = client_for(new).post(ask, {"message": "Shall we meet?"})
    buddying = Buddying.objects.get()
    assert response.status_code == 302
    detail = reverse("learning:buddying", kwargs={"pk": buddying.pk})
    assert client_for(people["outsider"]).get(detail).status_code == 404
    answer = reverse("learning:buddying-answer", kwargs={"pk": buddying.pk})
    client_for(experienced).post(answer, {"answer": "accept"})
    buddying.refresh_from_db()
    assert buddying.status == "active"
    check_in = reverse("learning:buddying-check-in", kwargs={"pk": buddying.pk})
    client_for(experienced).post(check_in, {"note": "Good first call"})
    assert "Good first call" in client_for(new).get(detail).content.decode()
    Buddying.objects.filter(pk=buddying.pk).update(
        last_check_in_at=timezone.now() - datetime.timedelta(weeks=5)
    )
    home = client_for(new).get("/").content.decode()
    assert "Buddy check-in due" in home


def test_profile_page_saves_preferences(client_for: Any, people: dict[str, Any]) -> None:
    client = client_for(people["outsider"])
    url = reverse("learning:buddy-profile")
    bad = client.post(url, {"stage": "new"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.content.decode()
    assert not BuddyProfile.objects.exists()
    ok = client.post(
        url, {"opted_in": "on", "stage": "new", "background": "clinical", "distance": "far"}
    )
    assert ok.status_code == 302
    assert BuddyProfile.objects.get().distance == "far"
