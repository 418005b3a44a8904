"""Where the plan finds events and buddies: the learning pillar's offers
(`equityhub.learning.offers.upcoming_events` and `suggest_buddies`).

Results are turned into plan candidates here, so the plan rules never see another app's models.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from equityhub.induction.planning import Candidate
from equityhub.learning import offers


def events_for(user: Any, limit: int = 3) -> list[Candidate]:
    return [
        Candidate(
            key=f"event:{event.pk}",
            kind="event",
            title=event.title,
            href=reverse("learning:event", kwargs={"pk": event.pk}),
            on=timezone.localtime(event.starts_at).date(),
        )
        for event in offers.upcoming_events(user, limit)
    ]


def buddies_for(user: Any, limit: int = 3) -> list[Candidate]:
    found = []
    for suggestion in offers.suggest_buddies(user, limit):
        person = suggestion.person
        reasons = ". ".join(r.strip().rstrip(".") for r in suggestion.reasons if r.strip())
        found.append(
            Candidate(
                key=f"buddy:{person.pk}",
                kind="buddy",
                title=f"Ask {person.full_name or person.email} to be your buddy",
                href=reverse("learning:buddy-propose", kwargs={"user_pk": person.pk}),
                hint=f"{reasons[:1].upper()}{reasons[1:]}." if reasons else "",
            )
        )
    return found
