"""Journeys through an action learning set: the set, scheduling a meeting, the meeting record.

Run with JavaScript on (checked by axe) and off (the same journeys must still work).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from equityhub.learning.models import (
    Action,
    LearningSet,
    Meeting,
    Presentation,
    SetMembership,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def learning_set(personas: dict[str, Any]) -> LearningSet:
    facilitator = personas["owner"]
    facilitator.groups.add(Group.objects.get_or_create(name="Facilitators")[0])
    learning_set = LearningSet.objects.create(
        name="Browser ICS learning set", purpose="Leads of one ICS", facilitator=facilitator
    )
    SetMembership.objects.create(
        learning_set=learning_set, user=personas["member"], status="member"
    )
    start = timezone.now() - datetime.timedelta(days=14)
    past = Meeting.objects.create(
        learning_set=learning_set,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Leeds",
    )
    presentation = Presentation.objects.create(
        meeting=past, presenter=personas["member"], status="chosen", issue="Waiting lists by IMD"
    )
    Action.objects.create(presentation=presentation, text="Ask BI for the IMD split")
    return learning_set


def test_facilitator_schedules_a_meeting(
    visitor: Any, learning_set: LearningSet, personas: dict[str, Any]
) -> None:
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit("/learning/")
    visitor.visit(f"/learning/sets/{learning_set.pk}/")
    visitor.page.click("a >> text=Schedule a meeting")
    visitor.page.wait_for_load_state()
    visitor.check()
    day = timezone.localdate() + datetime.timedelta(days=10)
    visitor.page.fill("#id_date", day.isoformat())
    visitor.page.fill("#id_start_time", "10:00")
    visitor.page.fill("#id_end_time", "09:00")  # a mistake first
    visitor.page.fill("#id_video_link", "https://teams.example.nhs.uk/room")
    visitor.page.click("button >> text=Schedule the meeting")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "The meeting must end after it starts" in visitor.page.content()
    visitor.page.fill("#id_end_time", "12:00")
    visitor.page.click("button >> text=Schedule the meeting")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Review of the last meeting" in visitor.page.content()
    assert "Ask BI for the IMD split" in visitor.page.content()


def test_member_reads_the_meeting_record_and_asks_to_present(
    visitor: Any, learning_set: LearningSet, personas: dict[str, Any]
) -> None:
    start = timezone.now() + datetime.timedelta(days=7)
    upcoming = Meeting.objects.create(
        learning_set=learning_set,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Leeds",
    )
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit(f"/learning/meetings/{upcoming.pk}/")
    visitor.page.click("button >> text=Ask to present at this meeting")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You asked to present" in visitor.page.content()
    visitor.visit("/learning/calendar/")


def test_outsider_sees_nothing_of_the_set(
    visitor: Any, learning_set: LearningSet, personas: dict[str, Any]
) -> None:
    visitor.sign_in(personas["outsider"].email, PASSWORD)
    visitor.visit(f"/learning/sets/{learning_set.pk}/", status=404)
    assert "Browser ICS learning set" not in visitor.page.content()


def test_a_discussion_with_a_reply(visitor: Any, personas: dict[str, Any]) -> None:
    from equityhub.learning.models import Community, Thread

    community = Community.objects.create(name="Anchor institutions", description="Buying locally")
    thread = Thread.objects.create(
        community=community,
        author=personas["owner"],
        title="Local buying",
        body="Who has moved spend locally?",
    )
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/communities/")
    visitor.visit(f"/learning/communities/{community.pk}/")
    visitor.page.click("button >> text=Join this community")  # members take part
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.visit(f"/learning/threads/{thread.pk}/")
    visitor.page.click("button >> text=Post your reply")  # empty: a mistake first
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Write your reply" in visitor.page.content()
    visitor.page.fill("#id_body", "We moved 10% of catering spend to local suppliers.")
    visitor.page.click("button >> text=Post your reply")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "10% of catering spend" in visitor.page.content()


@pytest.fixture
def webinar(personas: dict[str, Any]) -> Any:
    from equityhub.learning.models import Event

    start = timezone.now() + datetime.timedelta(days=5)
    return Event.objects.create(
        title="Browser webinar on Core20PLUS5",
        summary="Short talks, then questions",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        capacity=1,
        video_link="https://teams.example.nhs.uk/webinar",
        organiser=personas["administrator"],
    )


def test_a_member_takes_the_last_place_at_an_event(
    visitor: Any, webinar: Any, personas: dict[str, Any]
) -> None:
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/events/")
    assert "1 place left" in visitor.page.content()
    visitor.visit(f"/learning/events/{webinar.pk}/")
    visitor.page.click("button >> text=Book a place")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You have a place" in visitor.page.content()
    assert "Join the video call" in visitor.page.content()


def test_the_next_person_goes_on_the_waiting_list(
    visitor: Any, webinar: Any, personas: dict[str, Any]
) -> None:
    from equityhub.learning.models import Booking

    Booking.objects.create(event=webinar, user=personas["member"], status="booked")
    visitor.sign_in(personas["outsider"].email, PASSWORD)
    visitor.visit("/learning/events/")
    assert "Full: waiting list" in visitor.page.content()
    visitor.visit(f"/learning/events/{webinar.pk}/")
    visitor.page.click("button >> text=Join the waiting list")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "you are on the waiting list" in visitor.page.content()
    assert "Join the video call" not in visitor.page.content()
    assert Booking.objects.get(user=personas["outsider"]).status == "waiting"


def test_a_lead_opts_in_to_buddying_and_asks_a_suggested_buddy(
    visitor: Any, personas: dict[str, Any]
) -> None:
    from equityhub.learning.models import Buddying, BuddyProfile

    BuddyProfile.objects.create(
        user=personas["owner"], stage="experienced", background="public_health"
    )
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/buddies/")
    visitor.visit("/learning/buddies/profile/")
    visitor.page.check("input[name=stage][value=new]")
    visitor.page.click("button >> text=Save my preferences")  # no background: a mistake first
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    visitor.page.select_option("#id_background", "finance")
    visitor.page.click("button >> text=Save my preferences")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You are new in role and they are experienced" in visitor.page.content()
    visitor.page.click("a >> text=Ask Olivia Owner to be your buddy")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_message", "Could we talk about board reporting?")
    visitor.page.click("button >> text=Ask them")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Waiting for Olivia Owner to answer" in visitor.page.content()
    assert Buddying.objects.get().status == "proposed"


def test_the_person_asked_accepts_and_checks_in(visitor: Any, personas: dict[str, Any]) -> None:
    from equityhub.learning.models import Buddying

    buddying = Buddying.objects.create(
        proposer=personas["member"],
        partner=personas["owner"],
        reasons=["You are new in role and they are experienced"],
    )
    visitor.sign_in(personas["owner"].email, PASSWORD)
    visitor.visit(f"/learning/buddying/{buddying.pk}/")
    visitor.page.click("button >> text=Accept")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "You are now buddies" in visitor.page.content()
    visitor.page.fill("#id_note", "A good first call")
    visitor.page.click("button >> text=We have caught up")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "A good first call" in visitor.page.content()


def test_a_collaborative_page_with_its_chart_and_a_cycle(
    visitor: Any, personas: dict[str, Any], organisation: Any
) -> None:
    from equityhub.indicators.models import DataReturn, Indicator, Result
    from equityhub.learning.models import Collaborative, CollaborativeMember

    indicator = Indicator.objects.create(
        code="browser-indicator",
        name="Missed appointments",
        description="Test",
        type="proportion",
        polarity="lower_better",
        source="Test",
    )
    data_return = DataReturn.objects.create(
        organisation=organisation, filename="r.csv", file_format="csv", status="committed"
    )
    for number, (period, value) in enumerate([("2024/25", 12.0), ("2025/26", 9.5)]):
        Result.objects.create(
            data_return=data_return,
            organisation=organisation,
            indicator=indicator,
            period=period,
            period_number=2024 + number,
            breakdown="overall",
            kind="category",
            category="Total",
            value=value,
            published=True,
        )
    today = timezone.localdate()
    collaborative = Collaborative.objects.create(
        name="Browser collaborative",
        goal="Fewer missed appointments in the most deprived areas",
        indicator=indicator,
        lead=personas["administrator"],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=200),
    )
    CollaborativeMember.objects.create(collaborative=collaborative, organisation=organisation)
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/collaboratives/")
    visitor.visit(f"/learning/collaboratives/{collaborative.pk}/")
    assert "9.5" in visitor.page.content()
    visitor.page.click("a >> text=Record a plan-do-study-act cycle")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_title", "Text reminders in five languages")
    visitor.page.fill("#id_plan", "Send reminders; expect fewer missed appointments")
    visitor.page.click("button >> text=Save the cycle")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Text reminders in five languages" in visitor.page.content()


def test_a_lead_joins_a_study_group_and_discusses_an_item(
    visitor: Any, personas: dict[str, Any]
) -> None:
    from equityhub.learning.models import StudyGroup
    from equityhub.library.models import Resource
    from equityhub.library.pages import ensure_library_index
    from equityhub.library.pathways import ReadingList, ReadingListEntry

    item = Resource(title="Browser reading", summary="A reading for the group.")
    ensure_library_index().add_child(instance=item)
    item.save_revision().publish()
    reading_list = ReadingList.objects.create(title="Browser list", slug="browser-list")
    entry = ReadingListEntry.objects.create(
        reading_list=reading_list,
        item=item,
        position=1,
        read_by=timezone.localdate() + datetime.timedelta(days=7),
    )
    group = StudyGroup.objects.create(
        name="Browser study group",
        description="Reading together",
        reading_list=reading_list,
        leader=personas["owner"],
    )
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/groups/")
    visitor.visit(f"/learning/groups/{group.pk}/")
    visitor.page.click("button >> text=Join the group")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Reading schedule" in visitor.page.content()
    visitor.visit(f"/learning/groups/{group.pk}/items/{entry.pk}/")
    visitor.page.click("button >> text=Post")  # empty: a mistake first
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Write something to post" in visitor.page.content()
    visitor.page.fill("#id_body", "The data section was the most useful for our board.")
    visitor.page.click("button >> text=Post")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "most useful for our board" in visitor.page.content()


def test_a_lead_offers_a_visit_and_another_asks_to_come(
    visitor: Any, personas: dict[str, Any]
) -> None:
    from equityhub.learning.models import ExchangeListing, Visit
    from equityhub.library.taxonomy import Topic

    topic, _ = Topic.objects.get_or_create(slug="browser-topic", defaults={"name": "Anchors"})
    offer = ExchangeListing.objects.create(
        kind="offer",
        author=personas["owner"],
        title="Come and see our local hiring",
        description="Half a day with our recruitment team",
    )
    offer.topics.set([topic])
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit("/learning/visits/")
    visitor.visit(f"/learning/visits/listings/{offer.pk}/")
    visitor.page.fill("#id_message", "Could two of us come in March?")
    visitor.page.click("button >> text=Ask to visit")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Waiting for an answer" in visitor.page.content()
    assert Visit.objects.get().visitor == personas["member"]
