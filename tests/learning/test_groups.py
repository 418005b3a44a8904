"""Study groups follow a library reading list with a discussion per item; coaching groups
have a coach. Discussions are for members and the leader only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from equityhub.learning.groups import services as services_groups
from equityhub.learning.models import GroupMembership, ItemPost, StudyGroup
from equityhub.library.pages import ensure_library_index
from equityhub.library.pathways import ReadingList, ReadingListEntry

pytestmark = pytest.mark.django_db


def _item(index: Any, title: str) -> Any:
    from equityhub.library.models import Resource

    page = Resource(title=title, summary=f"About {title}.")
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def reading_list() -> ReadingList:
    index = ensure_library_index()
    reading_list = ReadingList.objects.create(title="Autumn reading", slug="autumn-reading")
    today = timezone.localdate()
    for position, (title, days) in enumerate(
        [("Marmot Review", -7), ("Core20PLUS5 guide", 7), ("Anchor institutions", 21)], 1
    ):
        ReadingListEntry.objects.create(
            reading_list=reading_list,
            item=_item(index, title),
            position=position,
            read_by=today + datetime.timedelta(days=days),
        )
    return reading_list


def _first_entry(group: StudyGroup) -> ReadingListEntry:
    return ReadingListEntry.objects.filter(reading_list=group.reading_list).order_by("position")[0]


@pytest.fixture
def group(people: dict[str, Any], reading_list: ReadingList) -> StudyGroup:
    return services_groups.group_create(
        by=people["facilitator"],
        name="Autumn study group",
        description="Reading together",
        reading_list=reading_list,
        size_cap=2,
    )


def test_only_facilitators_start_groups_and_study_groups_need_a_list(
    people: dict[str, Any],
) -> None:
    with pytest.raises(PermissionDenied):
        services_groups.group_create(by=people["member"], name="x", description="y")
    with pytest.raises(ValidationError) as error:
        services_groups.group_create(by=people["facilitator"], name=" ", description="y")
    assert set(error.value.message_dict) == {"name", "reading_list"}
    coaching = services_groups.group_create(
        by=people["facilitator"], name="Coaching", description="With a coach", kind="coaching"
    )
    assert coaching.leader_title == "Coach"
    assert StudyGroup.objects.count() == 1


def test_joining_up_to_the_cap(group: StudyGroup, people: dict[str, Any]) -> None:
    services_groups.group_join(user=people["member"], group=group)
    services_groups.group_join(user=people["other_member"], group=group)
    with pytest.raises(ValidationError, match="full"):
        services_groups.group_join(user=people["outsider"], group=group)
    with pytest.raises(ValidationError, match="leader"):
        services_groups.group_add_member(
            by=people["facilitator"], group=group, user=people["facilitator"]
        )
    services_groups.group_leave(user=people["member"], group=group)
    services_groups.group_add_member(by=people["facilitator"], group=group, user=people["outsider"])
    assert GroupMembership.objects.filter(group=group).count() == 2


def test_schedule_marks_the_current_item_and_counts_posts(
    group: StudyGroup, people: dict[str, Any]
) -> None:
    services_groups.group_join(user=people["member"], group=group)
    rows = services_groups.schedule(group, people["member"])
    assert [row.entry.item.title for row in rows] == [
        "Marmot Review",
        "Core20PLUS5 guide",
        "Anchor institutions",
    ]
    assert [row.is_current for row in rows] == [False, True, False]
    services_groups.post_add(
        by=people["member"], group=group, entry=rows[1].entry, body="Useful on data"
    )
    assert [row.posts for row in services_groups.schedule(group, people["member"])] == [0, 1, 0]


def test_only_members_post_and_only_about_the_groups_items(
    group: StudyGroup, people: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        services_groups.post_add(by=people["outsider"], group=group, body="Hello")
    services_groups.group_join(user=people["member"], group=group)
    other_list = ReadingList.objects.create(title="Other", slug="other")
    foreign = ReadingListEntry.objects.create(
        reading_list=other_list, item=_first_entry(group).item, position=1
    )
    with pytest.raises(ValidationError, match="not on the group's reading list"):
        services_groups.post_add(by=people["member"], group=group, entry=foreign, body="Hi")
    with pytest.raises(ValidationError):
        services_groups.post_add(by=people["member"], group=group, body="  ")
    assert not ItemPost.objects.exists()


def test_discussions_are_hidden_from_people_outside_the_group(
    client_for: Any, group: StudyGroup, people: dict[str, Any]
) -> None:
    services_groups.group_join(user=people["member"], group=group)
    entry = _first_entry(group)
    services_groups.post_add(by=people["member"], group=group, entry=entry, body="SECRET-POST")
    item_url = reverse("learning:group-item", kwargs={"pk": group.pk, "entry_pk": entry.pk})
    group_url = reverse("learning:group", kwargs={"pk": group.pk})
    assert "SECRET-POST" in client_for(people["member"]).get(item_url).content.decode()
    assert "SECRET-POST" in client_for(people["facilitator"]).get(item_url).content.decode()
    for key in ("outsider", "administrator"):
        assert client_for(people[key]).get(item_url).status_code == 404
        join_page = client_for(people[key]).get(group_url).content.decode()
        assert "Join the group" in join_page and "Mina Member" not in join_page
    group.open_to_join = False
    group.save()
    assert client_for(people["outsider"]).get(group_url).status_code == 404


def test_joining_and_posting_through_the_pages(
    client_for: Any, group: StudyGroup, people: dict[str, Any]
) -> None:
    client = client_for(people["outsider"])
    client.post(reverse("learning:group-join", kwargs={"pk": group.pk}))
    url = reverse("learning:group", kwargs={"pk": group.pk})
    empty = client.post(url, {"body": ""})
    assert empty.status_code == 400 and "Write something to post" in empty.content.decode()
    client.post(url, {"body": "Looking forward to the Marmot Review"})
    page = client.get(url).content.decode()
    assert "Looking forward to the Marmot Review" in page
    assert "Core20PLUS5 guide" in page


def test_members_are_reminded_three_days_before_an_items_date(
    group: StudyGroup, people: dict[str, Any]
) -> None:
    from equityhub.core.models import Notification
    from equityhub.core.scheduler import periodic_jobs

    services_groups.group_join(user=people["member"], group=group)
    today = timezone.localdate()
    assert services_groups.reading_reminders_send(today) == []  # nothing due in 3 days
    due = _first_entry(group).read_by
    assert due is not None
    group_due = services_groups.reading_reminders_send(due - datetime.timedelta(days=3))
    assert group_due == [group]
    reminded = Notification.objects.filter(title__contains="read “Marmot Review”")
    assert sorted(n.recipient.full_name for n in reminded) == ["Fay Facilitator", "Mina Member"]
    assert "learning.reading-reminders" in {job.name for job in periodic_jobs()}
