"""Demo events and buddying around the people demo's leads and facilitator (all fictional).

Idempotent: events are found by title, buddy profiles by person, pairings by the two people.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.buddying.models import Buddying, BuddyProfile
from equityhub.learning.events.models import Booking, Event
from equityhub.people.models import Interest

VIDEO = "https://teams.example.nhs.uk/demo-event"

# title, kind, days from today, start hour, hours long, places, place, who books (email locals)
EVENTS = [
    (
        "Measuring waiting lists by deprivation and ethnicity",
        "expert_session",
        6,
        13,
        1,
        3,
        "",
        ["amara.okafor", "gareth.lloyd", "imran.qureshi", "priya.raman"],
    ),
    (
        "Core20PLUS5: what boards should ask",
        "webinar",
        14,
        12,
        1,
        60,
        "",
        ["amara.okafor", "naomi.clarke", "catherine.moss"],
    ),
    (
        "National gathering of health inequalities leads",
        "national_event",
        45,
        10,
        6,
        200,
        "International Convention Centre, Birmingham",
        ["helen.marsh", "siobhan.kelly"],
    ),
    (
        "Anchor institutions: lessons from three trusts",
        "webinar",
        -20,
        12,
        1,
        80,
        "",
        ["amara.okafor", "priya.raman", "daniel.mensah", "ruth.adebayo"],
    ),
]
SUMMARIES = {
    "expert_session": "An analyst and a lead show how they split elective waiting lists by "
    "IMD quintile and ethnic group, and what their board did next. Questions welcome.",
    "webinar": "Short talks from leads who have done it, then questions. Recorded for "
    "people who cannot come.",
    "national_event": "A day together: the year's progress, workshops on the five clinical "
    "areas, and time to meet leads from other systems.",
}

# email local part, stage, background, distance, interests, a line about them
BUDDIES = [
    ("amara.okafor", "new", "clinical", "either", ["Core20PLUS5", "Data and measurement"], ""),
    ("sunil.varma", "new", "clinical", "nearby", ["Severe mental illness"], ""),
    (
        "helen.marsh",
        "experienced",
        "clinical",
        "either",
        ["Severe mental illness", "Patient and community voice"],
        "Chief nurse; happy to share how we built our board's inequalities reporting.",
    ),
    (
        "daniel.mensah",
        "experienced",
        "finance",
        "far",
        ["Anchor institutions", "Data and measurement"],
        "Finance director turned lead: anchor spending and the numbers behind it.",
    ),
    (
        "siobhan.kelly",
        "experienced",
        "clinical",
        "either",
        ["Anchor institutions", "Board leadership"],
        "",
    ),
    ("rachel.penrose", "new", "clinical", "either", ["Maternity"], ""),
    ("oliver.grant", "experienced", "clinical", "either", ["Rural and coastal health"], ""),
]
PAIRS = [("rachel.penrose", "oliver.grant")]


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@example.nhs.uk").first()


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _events(organiser: User) -> None:
    for title, kind, days, hour, hours, places, where, bookers in EVENTS:
        start = _at(days, hour)
        event, created = Event.objects.get_or_create(
            title=title,
            defaults={
                "summary": SUMMARIES[kind],
                "kind": kind,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=hours),
                "capacity": places,
                "location": where,
                "video_link": "" if where else VIDEO,
                "organiser": organiser,
                "recording_link": "https://video.example.nhs.uk/anchor-institutions"
                if days < 0
                else "",
            },
        )
        if not created:
            continue
        for n, local in enumerate(bookers):
            user = _user(local)
            if user is not None:
                status = "booked" if n < places else "waiting"
                stamp = timezone.now() + datetime.timedelta(seconds=n)
                Booking.objects.create(
                    event=event, user=user, status=status, created_at=stamp, updated_at=stamp
                )


def _buddies() -> None:
    for local, stage, background, distance, interests, about in BUDDIES:
        user = _user(local)
        if user is None:
            continue
        profile, created = BuddyProfile.objects.get_or_create(
            user=user,
            defaults={
                "stage": stage,
                "background": background,
                "distance": distance,
                "about": about,
            },
        )
        if created:
            profile.interests.set([Interest.objects.get_or_create(name=n)[0] for n in interests])
    for proposer_local, partner_local in PAIRS:
        proposer, partner = _user(proposer_local), _user(partner_local)
        if proposer is None or partner is None:
            continue
        Buddying.objects.get_or_create(
            proposer=proposer,
            partner=partner,
            defaults={
                "status": "active",
                "accepted_at": timezone.now() - datetime.timedelta(weeks=5),
                "reasons": ["You are new in role and they are experienced"],
            },
        )


def demo_offers_load(organiser: User) -> None:
    _events(organiser)
    _buddies()
