"""The learning demo reuses the people demo's facilitator and leads, and is idempotent."""

from __future__ import annotations

import pytest

from equityhub.learning.demo.load import NATIONAL, demo_learning_load
from equityhub.learning.models import LearningSet, Meeting, SetMembership, Thread
from equityhub.people.demo import demo_people_load

pytestmark = pytest.mark.django_db


def test_demo_without_people_does_nothing() -> None:
    assert demo_learning_load("pw") == []
    assert not LearningSet.objects.exists()


def test_demo_is_idempotent() -> None:
    demo_people_load("demo-password")
    demo_learning_load("demo-password")
    counts = (LearningSet.objects.count(), Meeting.objects.count(), SetMembership.objects.count())
    demo_learning_load("demo-password")
    assert counts == (
        LearningSet.objects.count(),
        Meeting.objects.count(),
        SetMembership.objects.count(),
    )
    national = LearningSet.objects.get(name=NATIONAL)
    assert national.facilitator.email == "hannah.brooks@example.nhs.uk"
    assert SetMembership.objects.current().filter(learning_set=national).count() == 4
    assert Thread.objects.get().replies.count() == 1


def test_demo_events_and_buddies() -> None:
    from equityhub.core.models import User
    from equityhub.learning.models import Booking, Buddying, Event
    from equityhub.learning.offers import suggest_buddies

    demo_people_load("demo-password")
    demo_learning_load("demo-password")
    counts = (Event.objects.count(), Booking.objects.count(), Buddying.objects.count())
    demo_learning_load("demo-password")
    assert counts == (Event.objects.count(), Booking.objects.count(), Buddying.objects.count())
    full = Event.objects.get(kind="expert_session")
    assert list(full.bookings.values_list("status", flat=True)) == [
        "booked",
        "booked",
        "booked",
        "waiting",
    ]
    assert Buddying.objects.get().status == "active"
    amara = User.objects.get(email="amara.okafor@example.nhs.uk")
    suggestions = suggest_buddies(amara)
    assert suggestions and all(s.reasons for s in suggestions)


def test_demo_groups_visits_and_collaboratives() -> None:
    from equityhub.indicators.registry.services import indicator_registry_load
    from equityhub.learning.models import Collaborative, StudyGroup, Visit
    from equityhub.library.demo import load as library_demo_load

    demo_people_load("demo-password")
    library_demo_load("demo-password")
    indicator_registry_load()
    demo_learning_load("demo-password")
    counts = (StudyGroup.objects.count(), Visit.objects.count(), Collaborative.objects.count())
    demo_learning_load("demo-password")
    assert counts == (
        StudyGroup.objects.count(),
        Visit.objects.count(),
        Collaborative.objects.count(),
    )
    study = StudyGroup.objects.get(kind="study")
    assert study.reading_list is not None and study.posts.count() == 1
    assert StudyGroup.objects.get(kind="coaching").memberships.count() == 2
    assert Visit.objects.get().learning_note
    running, finished = (
        Collaborative.objects.get(name__startswith="Smoke"),
        Collaborative.objects.get(name__startswith="Ethnicity"),
    )
    assert running.members.count() >= 1 and running.cycles.count() == 1
    assert finished.has_ended and finished.showcase_published_at is not None


def test_demo_community_members_announcement_file_and_co_facilitator() -> None:
    from equityhub.learning.models import Announcement, Community, CommunityFile, CommunityMember

    demo_people_load("demo-password")
    demo_learning_load("demo-password")
    demo_learning_load("demo-password")
    community = Community.objects.get(name="Anchor institutions")
    members = CommunityMember.objects.filter(community=community)
    assert members.count() == 6 and members.filter(is_moderator=True).count() == 2
    assert Announcement.objects.filter(community=community).count() == 1
    shared = CommunityFile.objects.get(community=community)
    assert shared.file.read().startswith(b"Anchor charter")
    national = LearningSet.objects.get(name=NATIONAL)
    assert [u.email for u in national.co_facilitators.all()] == ["yusuf.karim@example.nhs.uk"]
