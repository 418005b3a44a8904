"""Communities of practice: threads, replies, @mentions, following, capture the learning."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.learning.communities import services
from equityhub.learning.communities.members import community_join
from equityhub.learning.models import Community, Thread
from equityhub.library.contributions import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(people: dict) -> Community:
    community = services.community_create(
        by=people["facilitator"], name="Anchor institutions", description="Buying locally"
    )
    for key in ("member", "other_member"):
        community_join(user=people[key], community=community)
    return community


def test_only_facilitators_and_administrators_start_communities(people: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.community_create(by=people["member"], name="Mine", description="d")
    services.community_create(by=people["administrator"], name="Data", description="d")
    with pytest.raises(ValidationError):
        services.community_create(by=people["facilitator"], name="data", description="d")


def test_replies_tell_followers_and_mentions(community: Community, people: dict) -> None:
    member, other = people["member"], people["other_member"]
    thread = services.thread_start(
        author=member, community=community, title="Local buying", body="Who has done this?"
    )
    mention = "@" + people["outsider"].email.split("@")[0]
    services.reply_add(author=other, thread=thread, body=f"We did. {mention} knows more.")
    assert member.notifications.filter(title__contains="replied").count() == 1
    assert people["outsider"].notifications.filter(title__contains="mentioned you").count() == 1
    assert not other.notifications.exists()  # not told of their own reply
    services.reply_add(author=member, thread=thread, body="Thanks")
    assert other.notifications.filter(title__contains="replied").count() == 1  # now follows
    services.follow_set(user=other, thread=thread, follow=False)
    services.reply_add(author=member, thread=thread, body="One more")
    assert other.notifications.filter(title__contains="replied").count() == 1
    with pytest.raises(ValidationError):
        services.reply_add(author=member, thread=thread, body="  ")


def test_mentions_ignore_unknown_names_and_email_addresses(people: dict) -> None:
    local = people["member"].email.split("@")[0]
    assert services.mentioned_in(f"hi @{local} and @nobody.here") == [people["member"]]
    assert services.mentioned_in(f"write to {people['member'].email}") == []


def test_capture_the_learning_as_a_case_study(community: Community, people: dict) -> None:
    thread = services.thread_start(
        author=people["member"],
        community=community,
        title="Local buying",
        body="Who has done this?",
    )
    with pytest.raises(PermissionDenied):
        services.thread_capture(
            by=people["other_member"], thread=thread, title="T", summary="s" * 30
        )
    with pytest.raises(ValidationError):
        services.thread_capture(
            by=people["member"], thread=thread, title="Local buying", summary="too short"
        )
    services.thread_capture(
        by=people["member"],
        thread=thread,
        title="Buying locally works",
        summary="Three trusts moved 10% of spend to local suppliers.",
    )
    contribution = Contribution.objects.get()
    assert contribution.kind == "case_study" and contribution.status == "submitted"
    assert Thread.objects.get().captured_as == contribution
    with pytest.raises(ValidationError, match="already been captured"):
        services.thread_capture(
            by=people["facilitator"], thread=thread, title="Again", summary="s" * 30
        )


def test_pages(client_for: Any, community: Community, people: dict) -> None:
    client = client_for(people["member"])
    url = reverse("learning:community", kwargs={"pk": community.pk})
    response = client.post(url, {"title": "Local buying", "body": "Who has done this?"})
    thread = Thread.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("learning:thread", kwargs={"pk": thread.pk})).content.decode()
    assert "Who has done this?" in page and "Capture the learning" in page
    other = client_for(people["other_member"])
    assert (
        other.post(reverse("learning:thread", kwargs={"pk": thread.pk}), {"body": ""}).status_code
        == 400
    )
    capture = reverse("learning:thread-capture", kwargs={"pk": thread.pk})
    assert other.get(capture).status_code == 403
    assert client_for(None).get(url).status_code == 302
