"""Demo learning sets around the people demo's leads and facilitator (all fictional), then
the community's members, announcement and file (`demo.communities`), events and buddies
(`demo.offers`), groups, visits and collaboratives (`demo.together`).

Idempotent: sets are found by name, and nothing is added to a set that already exists.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.communities.models import Community, Reply, Thread
from equityhub.learning.demo.communities import (
    demo_co_facilitator_load,
    demo_community_people_load,
)
from equityhub.learning.demo.offers import demo_offers_load
from equityhub.learning.demo.together import demo_together_load
from equityhub.learning.sets.models import (
    Action,
    Attendance,
    LearningSet,
    Meeting,
    MemberStatus,
    Presentation,
    PresenterStatus,
    Scope,
    SetMembership,
    SetStatus,
)
from equityhub.people.models import System

FACILITATOR = "hannah.brooks@example.nhs.uk"
VIDEO = "https://teams.example.nhs.uk/demo"
NATIONAL = "National action learning set: new to the role"
NATIONAL_MEMBERS = [
    "amara.okafor@example.nhs.uk",
    "helen.marsh@example.nhs.uk",
    "priya.raman@example.nhs.uk",
    "gareth.lloyd@example.nhs.uk",
]
WEST_YORKSHIRE = "West Yorkshire leads' action learning set"
WEST_YORKSHIRE_MEMBERS = ["catherine.moss@example.nhs.uk", "daniel.mensah@example.nhs.uk"]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    local = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=local)


def _members(learning_set: LearningSet, emails: list[str]) -> list[User]:
    users = list(User.objects.filter(email__in=emails))
    for user in users:
        SetMembership.objects.get_or_create(
            learning_set=learning_set,
            user=user,
            defaults={"status": MemberStatus.MEMBER, "decided_at": timezone.now()},
        )
    return users


def _national(facilitator: User) -> None:
    learning_set, created = LearningSet.objects.get_or_create(
        name=NATIONAL,
        defaults={
            "facilitator": facilitator,
            "purpose": "For health inequalities leads in their first year: bring a live issue "
            "from your board, get questions that help, commit to actions.",
            "scope": Scope.NATIONAL,
            "size_cap": 6,
            "status": SetStatus.RUNNING,
        },
    )
    demo_co_facilitator_load(learning_set)
    if not created:
        return
    members = _members(learning_set, NATIONAL_MEMBERS)
    past = Meeting.objects.create(
        learning_set=learning_set, starts_at=_at(-28, 10), ends_at=_at(-28, 12), video_link=VIDEO
    )
    Meeting.objects.create(
        learning_set=learning_set, starts_at=_at(10, 10), ends_at=_at(10, 12), video_link=VIDEO
    )
    if not members:
        return
    presenter = next((u for u in members if u.email == NATIONAL_MEMBERS[0]), members[0])
    presentation = Presentation.objects.create(
        meeting=past,
        presenter=presenter,
        status=PresenterStatus.CHOSEN,
        issue="Our board reports waiting times as one average, so the gap for the most "
        "deprived fifth of patients never reaches the agenda.",
    )
    for text in (
        "Ask the analyst team for elective waits split by IMD quintile",
        "Agree with the chair a standing inequalities item in the performance report",
    ):
        Action.objects.create(presentation=presentation, text=text)
    for user in members:
        Attendance.objects.create(meeting=past, user=user, attended=True)


def _west_yorkshire(facilitator: User) -> None:
    system = System.objects.filter(code="QWO").first()
    learning_set, created = LearningSet.objects.get_or_create(
        name=WEST_YORKSHIRE,
        defaults={
            "facilitator": facilitator,
            "purpose": "Leads across West Yorkshire working on shared priorities.",
            "scope": Scope.SYSTEM if system else Scope.NATIONAL,
            "system": system,
            "size_cap": 8,
            "status": SetStatus.OPEN,
        },
    )
    if created:
        _members(learning_set, WEST_YORKSHIRE_MEMBERS)


def _community(facilitator: User) -> None:
    community, created = Community.objects.get_or_create(
        name="Anchor institutions",
        defaults={
            "description": "How NHS organisations use their spending, jobs and buildings to "
            "reduce health inequalities in their area.",
            "created_by": facilitator,
        },
    )
    demo_community_people_load(community, facilitator)
    author = User.objects.filter(email=NATIONAL_MEMBERS[2]).first()
    replier = User.objects.filter(email=WEST_YORKSHIRE_MEMBERS[1]).first()
    if not created or author is None or replier is None:
        return
    thread = Thread.objects.create(
        community=community,
        author=author,
        title="Recruiting from the most deprived areas",
        body="Has anyone set targets for hiring from Core20 neighbourhoods? How did you "
        "measure it?",
    )
    Reply.objects.create(
        thread=thread,
        author=replier,
        body="We track new starters by IMD decile of home postcode, reported quarterly to "
        "the people committee.",
    )


@transaction.atomic
def demo_learning_load(password: str) -> list[tuple[str, str, str]]:
    """Load the demo sets (needs the people demo). The people loader prints the sign-ins."""
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if facilitator is None:
        return []
    _national(facilitator)
    _west_yorkshire(facilitator)
    _community(facilitator)
    demo_offers_load(facilitator)
    demo_together_load(facilitator)
    return []
