"""Demo study and coaching groups, exchange visits and improvement collaboratives (fictional),
around the people demo's leads, the library's demo reading list and the indicators' demo data.

Idempotent: everything is found by its name or title first.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from equityhub.core.models import User
from equityhub.indicators.models import Indicator
from equityhub.learning.collaboratives.models import Collaborative, CollaborativeMember, Cycle
from equityhub.learning.groups.models import GroupMembership, ItemPost, StudyGroup
from equityhub.learning.visits.models import ExchangeListing, Visit
from equityhub.library.pathways import ReadingList
from equityhub.library.taxonomy import Topic
from equityhub.people.models import Organisation

READING_LIST_SLUG = "study-group-ethnicity-data"


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@example.nhs.uk").first()


def _users(*locals_: str) -> list[User]:
    return [u for u in (_user(local) for local in locals_) if u is not None]


def _groups(facilitator: User) -> None:
    reading_list = ReadingList.objects.filter(slug=READING_LIST_SLUG).first()
    if reading_list is not None:
        group, created = StudyGroup.objects.get_or_create(
            name="Ethnicity data study group",
            defaults={
                "description": "Leads and analysts reading about ethnicity recording and what "
                "the data show, one item a fortnight, with a 30-minute call after each.",
                "reading_list": reading_list,
                "leader": facilitator,
            },
        )
        if created:
            members = _users("amara.okafor", "kwame.boateng", "helen.marsh")
            for user in members:
                GroupMembership.objects.create(group=group, user=user)
            first = reading_list.entries.order_by("position").first()
            if first is not None and members:
                ItemPost.objects.create(
                    group=group,
                    entry=first,
                    author=members[0],
                    body="Useful reminder that 'not stated' and 'not known' are different codes: "
                    "we had been merging them in our board reports.",
                )
    coach = _user("yusuf.karim") or facilitator
    group, created = StudyGroup.objects.get_or_create(
        name="Coaching group for leads new in role",
        defaults={
            "description": "Six leads in their first year with a coach, meeting monthly.",
            "kind": "coaching",
            "leader": coach,
            "size_cap": 6,
            "open_to_join": False,
        },
    )
    if created:
        for user in _users("sunil.varma", "rachel.penrose"):
            GroupMembership.objects.create(group=group, user=user)


def _visits() -> None:
    host, visitor = _user("daniel.mensah"), _user("priya.raman")
    if host is None or visitor is None:
        return
    offer, created = ExchangeListing.objects.get_or_create(
        title="Come and see how we hire from our most deprived neighbourhoods",
        defaults={
            "kind": "offer",
            "author": host,
            "description": "Half a day with our recruitment and community teams: the "
            "pre-employment programme, how we track new starters by deprivation decile, and "
            "what went wrong.",
        },
    )
    if not created:
        return
    offer.topics.set(Topic.objects.filter(slug__in=["sustainable-economies", "workforce"]))
    request = ExchangeListing.objects.create(
        kind="request",
        author=visitor,
        title="How are other trusts acting as anchor employers?",
        description="We are starting an anchor programme and would like to see one running.",
    )
    request.topics.set(Topic.objects.filter(slug__in=["sustainable-economies"]))
    Visit.objects.create(
        listing=offer,
        host=host,
        visitor=visitor,
        asked_by=visitor,
        status="agreed",
        visit_date=timezone.localdate() - datetime.timedelta(days=10),
        learning_note="A named recruitment lead for local hiring matters more than the scheme's "
        "design. They report new starters by deprivation decile to the people committee "
        "every quarter.",
        note_by=visitor,
    )


def _members(collaborative: Collaborative, codes: list[str]) -> list[Organisation]:
    found = list(Organisation.objects.filter(code__in=codes))
    for organisation in found:
        CollaborativeMember.objects.create(collaborative=collaborative, organisation=organisation)
    return found


def _collaboratives(facilitator: User) -> None:
    today = timezone.localdate()
    smoking = Indicator.objects.filter(code="smoking-at-delivery").first()
    if smoking is not None:
        collaborative, created = Collaborative.objects.get_or_create(
            name="Smoke-free pregnancies collaborative",
            defaults={
                "goal": "Narrow the gap in smoking at the time of delivery between the most and "
                "least deprived fifths of mothers by a third within a year.",
                "indicator": smoking,
                "lead": facilitator,
                "starts_on": today - datetime.timedelta(days=120),
                "ends_on": today + datetime.timedelta(days=245),
            },
        )
        if created:
            members = _members(collaborative, ["RQX", "REM", "RWK", "RJ1"])
            author = _user("amara.okafor")
            rqx = next((o for o in members if o.code == "RQX"), None)
            if author is not None and rqx is not None:
                Cycle.objects.create(
                    collaborative=collaborative,
                    organisation=rqx,
                    author=author,
                    title="Opt-out referral to stop-smoking support at booking",
                    plan="Refer every smoker at the booking appointment unless they decline; "
                    "expect referrals to double.",
                    do="Ran for six weeks in two community midwifery teams.",
                    study="Referrals rose from 31% to 78% of smokers; uptake highest in the "
                    "most deprived decile.",
                )
    recording = Indicator.objects.filter(code="ethnicity-recording").first()
    if recording is not None:
        collaborative, created = Collaborative.objects.get_or_create(
            name="Ethnicity recording collaborative",
            defaults={
                "goal": "Record a valid ethnic category for at least 95% of patients.",
                "indicator": recording,
                "lead": facilitator,
                "starts_on": today - datetime.timedelta(days=400),
                "ends_on": today - datetime.timedelta(days=35),
                "showcase": "Members moved from asking once at registration to checking at "
                "every outpatient visit, with a script written with community groups.\n\n"
                "Recording rose in every member trust, fastest where reception staff were "
                "trained together with the patient advice team.",
                "showcase_published_at": timezone.now(),
            },
        )
        if created:
            _members(collaborative, ["RQX", "RR8", "R0A"])


def demo_together_load(facilitator: User) -> None:
    _groups(facilitator)
    _visits()
    _collaboratives(facilitator)
