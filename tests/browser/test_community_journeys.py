"""A community's main journey: join it, read the pinned announcement, download a shared file,
share one; and a moderator hides a reply. With JavaScript on (checked by axe) and off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from equityhub.learning.models import (
    Announcement,
    Community,
    CommunityFile,
    CommunityMember,
    Reply,
    Thread,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NOTES = b"Anchor charter\n1. Recruit from Core20 neighbourhoods.\n"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def community(personas: dict[str, Any]) -> Community:
    """The owner started it and moderates it, posted an announcement and shared a file."""
    owner = personas["owner"]
    community = Community.objects.create(
        name="Anchor institutions", description="Buying locally", created_by=owner
    )
    CommunityMember.objects.create(community=community, user=owner, is_moderator=True)
    Announcement.objects.create(
        community=community, author=owner, title="Webinar on 3 March", body="Bring your data."
    )
    shared = CommunityFile(
        community=community,
        uploaded_by=owner,
        title="Anchor charter",
        original_name="charter.txt",
        size=len(NOTES),
    )
    shared.file.save("charter.txt", ContentFile(NOTES), save=True)
    return community


def test_join_read_the_announcement_and_download_a_file(
    visitor: Any, community: Community, personas: dict[str, Any], tmp_path: Any
) -> None:
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/communities/")
    assert "(1 member)" in visitor.page.content()
    visitor.visit(f"/learning/communities/{community.pk}/")
    content = visitor.page.content()
    assert "Webinar on 3 March" in content  # pinned, readable before joining
    assert "Anchor charter" not in content  # files are for members
    visitor.page.click("button >> text=Join this community")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You joined Anchor institutions" in visitor.page.content()
    with visitor.page.expect_download() as download_info:
        visitor.page.click("a >> text=Anchor charter")
    download = download_info.value
    assert download.suggested_filename == "charter.txt"
    saved = tmp_path / "charter.txt"
    download.save_as(saved)
    assert saved.read_bytes() == NOTES
    visitor.page.click("a >> text=Share a file")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_title", "Our hiring figures")
    visitor.page.set_input_files(
        "#id_upload", {"name": "figures.pdf", "mimeType": "application/pdf", "buffer": b"MZ fake"}
    )
    visitor.page.click("button >> text=Share the file")  # a program dressed as a PDF
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "does not match its name" in visitor.page.content()
    visitor.page.fill("#id_title", "Our hiring figures")
    visitor.page.set_input_files(
        "#id_upload", {"name": "figures.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    visitor.page.click("button >> text=Share the file")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Your file is shared" in visitor.page.content()
    assert "Our hiring figures" in visitor.page.content()


def test_a_moderator_hides_a_reply(
    visitor: Any, community: Community, personas: dict[str, Any]
) -> None:
    CommunityMember.objects.create(community=community, user=personas["member"])
    thread = Thread.objects.create(
        community=community, author=personas["member"], title="Local buying", body="Who has?"
    )
    reply = Reply.objects.create(thread=thread, author=personas["member"], body="Off-topic advert")
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit(f"/learning/threads/{thread.pk}/")
    visitor.page.click(".nhsuk-card button >> text=Hide")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "(hidden by a moderator)" in visitor.page.content()
    assert Reply.objects.get(pk=reply.pk).is_hidden


def test_a_facilitator_adds_a_co_facilitator_and_carries_the_set_on_as_a_community(
    visitor: Any, personas: dict[str, Any], make_user: Any
) -> None:
    from django.contrib.auth.models import Group

    from equityhub.learning.models import LearningSet, SetMembership

    facilitators = Group.objects.get_or_create(name="Facilitators")[0]
    personas["owner"].groups.add(facilitators)
    co = make_user(full_name="Cora Co")
    co.groups.add(facilitators)
    learning_set = LearningSet.objects.create(
        name="Browser set", purpose="Leads of one ICS", facilitator=personas["owner"]
    )
    SetMembership.objects.create(
        learning_set=learning_set, user=personas["member"], status="member"
    )
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit(f"/learning/sets/{learning_set.pk}/")
    visitor.page.click("a >> text=Choose co-facilitators")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_email", co.email)
    visitor.page.click("button >> text=Add the co-facilitator")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Cora Co now co-facilitates the set" in visitor.page.content()
    learning_set.status = "closed"
    learning_set.save()
    visitor.visit(f"/learning/sets/{learning_set.pk}/")
    assert "Co-facilitator: Cora Co" in visitor.page.content()
    visitor.page.click("a >> text=Continue as a community")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_name", "Browser set alumni")
    visitor.page.click("button >> text=Continue as a community")
    visitor.page.wait_for_load_state()
    visitor.check()
    content = visitor.page.content()
    assert "Browser set carries on as Browser set alumni" in content
    assert "Members (3)" in content
