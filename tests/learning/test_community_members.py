"""Communities: joining and leaving, moderators, hiding posts, announcements, the pages.

Reading stays open to every signed-in person; taking part needs membership. Each page is tried
as a moderator, a member, an outsider (signed in, not a member) and anonymous.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.core.models import AuditEvent, Notification
from equityhub.core.notifications import preference_set, unsubscribe
from equityhub.learning.communities import services
from equityhub.learning.communities.announcements import ANNOUNCEMENTS_KIND, announcement_post
from equityhub.learning.communities.members import (
    can_moderate,
    community_join,
    community_leave,
    is_member,
    moderator_set,
)
from equityhub.learning.models import Community, CommunityMember, Reply, Thread
from equityhub.people.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(people: dict[str, Any]) -> Community:
    """Started by the facilitator (its moderator); the member has joined."""
    community = services.community_create(
        by=people["facilitator"], name="Anchor institutions", description="Buying locally"
    )
    community_join(user=people["member"], community=community)
    return community


@pytest.fixture
def thread(community: Community, people: dict[str, Any]) -> Thread:
    return services.thread_start(
        author=people["member"], community=community, title="Local buying", body="Who has?"
    )


def _url(name: str, pk: int) -> str:
    return reverse(f"learning:{name}", kwargs={"pk": pk})


def test_the_creator_is_the_first_moderator(community: Community, people: dict) -> None:
    creator = CommunityMember.objects.get(community=community, user=people["facilitator"])
    assert creator.is_moderator
    assert can_moderate(people["facilitator"], community)
    assert can_moderate(people["administrator"], community)  # administrators moderate anywhere
    assert not can_moderate(people["member"], community)


def test_join_and_leave_are_audited(community: Community, people: dict) -> None:
    outsider = people["outsider"]
    community_join(user=outsider, community=community)
    assert is_member(outsider, community)
    with pytest.raises(ValidationError, match="already a member"):
        community_join(user=outsider, community=community)
    community_leave(user=outsider, community=community)
    assert not is_member(outsider, community)
    with pytest.raises(ValidationError, match="not a member"):
        community_leave(user=outsider, community=community)
    actions = AuditEvent.objects.filter(target_id=str(community.pk)).values_list(
        "action", flat=True
    )
    assert {"learning.community.join", "learning.community.leave"} <= set(actions)


def test_posting_needs_membership_but_reading_does_not(
    community: Community, people: dict, client_for: Any
) -> None:
    with pytest.raises(PermissionDenied, match="Join the community"):
        services.thread_start(
            author=people["outsider"], community=community, title="Hello", body="b"
        )
    thread = services.thread_start(
        author=people["member"], community=community, title="Local buying", body="Who has?"
    )
    with pytest.raises(PermissionDenied, match="Join the community to reply"):
        services.reply_add(author=people["outsider"], thread=thread, body="Me")
    outsider = client_for(people["outsider"])
    page = outsider.get(_url("community", community.pk)).content.decode()
    assert "Local buying" in page and "Join this community" in page
    assert "Start a discussion" not in page
    assert "Join the community to see them" in page  # files: not even their names
    response = outsider.post(_url("community", community.pk), {"title": "Hello", "body": "b"})
    assert response.status_code == 403
    thread_page = outsider.get(_url("thread", thread.pk)).content.decode()
    assert "Who has?" in thread_page and "to reply" in thread_page
    assert outsider.post(_url("thread", thread.pk), {"body": "Me"}).status_code == 403
    assert client_for(None).get(_url("community", community.pk)).status_code == 302


def test_joining_and_leaving_by_the_page(
    community: Community, people: dict, client_for: Any
) -> None:
    client = client_for(people["outsider"])
    response = client.post(_url("community-join", community.pk))
    assert response.status_code == 302
    page = client.get(_url("community", community.pk)).content.decode()
    assert "You are a member of this community" in page and "Start a discussion" in page
    client.post(_url("community-leave", community.pk))
    assert not is_member(people["outsider"], community)
    assert client_for(None).post(_url("community-join", community.pk)).status_code == 302


def test_members_are_listed_with_their_organisation_and_counted(
    community: Community, people: dict, client_for: Any
) -> None:
    trust = Organisation.objects.create(code="RZZ", name="Test Hospitals NHS Trust", kind="trust")
    Membership.objects.create(
        user=people["member"], organisation=trust, role="lead", status="approved"
    )
    page = client_for(people["outsider"]).get(_url("community", community.pk)).content.decode()
    assert "Mina Member, Test Hospitals NHS Trust" in page
    assert "Members (2)" in page and "Moderator" in page
    listing = client_for(people["outsider"]).get(reverse("learning:communities")).content.decode()
    assert "(2 members)" in listing and "You are a member" not in listing
    mine = client_for(people["member"]).get(reverse("learning:communities")).content.decode()
    assert "You are a member" in mine


def test_moderators_add_and_remove_moderators_among_members(
    community: Community, people: dict
) -> None:
    facilitator, member, outsider = people["facilitator"], people["member"], people["outsider"]
    with pytest.raises(PermissionDenied):
        moderator_set(by=member, community=community, member=member, moderator=True)
    with pytest.raises(ValidationError, match="not a member"):
        moderator_set(by=facilitator, community=community, member=outsider, moderator=True)
    moderator_set(by=facilitator, community=community, member=member, moderator=True)
    assert can_moderate(member, community)
    with pytest.raises(ValidationError, match="already a moderator"):
        moderator_set(by=facilitator, community=community, member=member, moderator=True)
    moderator_set(
        by=people["administrator"], community=community, member=facilitator, moderator=False
    )
    with pytest.raises(ValidationError, match="only moderator"):
        moderator_set(by=member, community=community, member=member, moderator=False)
    with pytest.raises(ValidationError, match="only moderator"):
        community_leave(user=member, community=community)
    assert AuditEvent.objects.filter(action="learning.community.moderator_add").count() == 1
    assert AuditEvent.objects.filter(action="learning.community.moderator_remove").count() == 1


def test_moderator_buttons_by_page(community: Community, people: dict, client_for: Any) -> None:
    url = _url("community-moderator", community.pk)
    data = {"user": people["member"].pk, "moderator": "1"}
    assert client_for(people["member"]).post(url, data).status_code == 403
    assert client_for(people["outsider"]).post(url, data).status_code == 403
    moderator = client_for(people["facilitator"])
    assert "Make moderator" in moderator.get(_url("community", community.pk)).content.decode()
    assert moderator.post(url, data).status_code == 302
    assert can_moderate(people["member"], community)


def test_a_moderator_hides_a_thread_and_a_reply_which_stay_in_the_database(
    community: Community, thread: Thread, people: dict, client_for: Any
) -> None:
    reply = services.reply_add(author=people["member"], thread=thread, body="Rude words")
    with pytest.raises(PermissionDenied):
        services.post_hide(by=people["member"], post=reply)
    member = client_for(people["member"])
    assert member.post(_url("reply-hide", reply.pk)).status_code == 403
    moderator = client_for(people["facilitator"])
    assert moderator.post(_url("reply-hide", reply.pk)).status_code == 302
    assert Reply.objects.get(pk=reply.pk).hidden_by == people["facilitator"]
    page = member.get(_url("thread", thread.pk)).content.decode()
    assert "Hidden by a moderator" in page and "Rude words" not in page
    assert "Rude words" in moderator.get(_url("thread", thread.pk)).content.decode()
    moderator.post(_url("thread-hide", thread.pk))
    hidden = Thread.objects.get(pk=thread.pk)
    assert hidden.is_hidden and hidden.body == "Who has?"
    outsider = client_for(people["outsider"])
    thread_page = outsider.get(_url("thread", thread.pk)).content.decode()
    assert "hidden by a moderator" in thread_page and "Who has?" not in thread_page
    assert "Local buying" not in thread_page
    listing = outsider.get(_url("community", community.pk)).content.decode()
    assert "A discussion hidden by a moderator" in listing and "Local buying" not in listing
    with pytest.raises(ValidationError, match="hid this discussion"):
        services.reply_add(author=people["member"], thread=hidden, body="More")
    moderator.post(_url("thread-hide", thread.pk), {"hide": "0"})
    assert not Thread.objects.get(pk=thread.pk).is_hidden
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"learning.reply.hide", "learning.thread.hide", "learning.thread.show"} <= actions


def test_an_announcement_is_pinned_and_sent_to_members_honouring_preferences(
    community: Community,
    people: dict,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    community_join(user=people["other_member"], community=community)
    preference_set(user=people["other_member"], kind=ANNOUNCEMENTS_KIND, delivery="in_app")
    with pytest.raises(PermissionDenied):
        announcement_post(by=people["member"], community=community, title="Hello all", body="b")
    with pytest.raises(ValidationError):
        announcement_post(by=people["facilitator"], community=community, title="Hi", body=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        announcement_post(
            by=people["facilitator"],
            community=community,
            title="Webinar on 3 March",
            body="Our next session is on anchor hiring.",
        )
    told = Notification.objects.filter(kind=ANNOUNCEMENTS_KIND)
    assert sorted(n.recipient_id for n in told) == sorted(
        [people["member"].pk, people["other_member"].pk]
    )
    assert not told.filter(recipient=people["outsider"]).exists()
    assert [m.to[0] for m in mail.outbox] == [people["member"].email]  # the other chose in-app
    message = mail.outbox[0]
    assert "Webinar on 3 March" in message.subject
    token = message.extra_headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe(token=token) is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        announcement_post(
            by=people["facilitator"], community=community, title="Second one", body="b"
        )
    assert mail.outbox == []  # unsubscribed from announcements; still told in the app
    assert Notification.objects.filter(
        recipient=people["member"], title__contains="Second"
    ).exists()
    page = client_for(people["outsider"]).get(_url("community", community.pk)).content.decode()
    assert page.index("Second one") < page.index("Webinar on 3 March") < page.index("Discussions")
    assert AuditEvent.objects.filter(action="learning.community.announce").count() == 2


def test_the_announcement_page_is_for_moderators(
    community: Community, people: dict, client_for: Any
) -> None:
    url = _url("community-announce", community.pk)
    assert client_for(people["member"]).get(url).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    moderator = client_for(people["facilitator"])
    assert moderator.post(url, {"title": "", "body": ""}).status_code == 400
    response = moderator.post(url, {"title": "Welcome everyone", "body": "Say hello."})
    assert response.status_code == 302
    assert "Welcome everyone" in moderator.get(_url("community", community.pk)).content.decode()


def test_the_programme_teams_message_reaches_members(community: Community, people: dict) -> None:
    from equityhub.learning.programme.cohorts import cohort_for

    cohort = cohort_for(people["facilitator"], "community", community.pk)
    assert people["member"] in cohort.recipients


def test_the_community_page_makes_as_many_queries_for_ten_members_as_for_two(
    community: Community, people: dict, client_for: Any, make_user: Any
) -> None:
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from equityhub.learning.models import Announcement, CommunityFile

    trust = Organisation.objects.create(code="RZY", name="Query Trust", kind="trust")
    client = client_for(people["member"])
    url = _url("community", community.pk)

    def grow() -> None:
        person = make_user()
        Membership.objects.create(
            user=person, organisation=trust, role="team_member", status="approved"
        )
        community_join(user=person, community=community)
        shared = CommunityFile(
            community=community, uploaded_by=person, title="t", original_name="a.txt", size=1
        )
        shared.file.save("a.txt", ContentFile(b"a"), save=True)
        Announcement.objects.create(community=community, author=person, title="Hello", body="b")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow()
    few = count()
    for _ in range(8):
        grow()
    assert count() == few
