"""When no buddy suits a person: which criteria failed, whether widening them would help, and
where the request stands in the programme team's queue. A journey must never end at "no one
suits you yet" with nothing to do next."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from equityhub.learning import offers
from equityhub.learning.buddying.matching import (
    EITHER,
    EXPERIENCED,
    FAR,
    NEARBY,
    NEW,
    PEER,
    score_match,
)
from equityhub.learning.buddying.models import Buddying, BuddyProfile, Stage

WANTED = {NEW: EXPERIENCED, EXPERIENCED: NEW, PEER: PEER}
STAGE_WORDS = {EXPERIENCED: "experienced", NEW: "new in role", PEER: "looking for a peer"}


@dataclass(frozen=True)
class NoMatch:
    failed: list[str]  # each criterion that ruled everyone out, in plain English
    can_widen: bool  # they asked for nearby or far away: they can ask for anywhere instead
    widening_helps: bool  # asking for "anywhere" would find someone
    queued_since: datetime.datetime | None  # with the programme team (new leads only)
    state: str


def _queue_state(profile: BuddyProfile) -> tuple[datetime.datetime | None, str]:
    if profile.stage != Stage.NEW:
        return None, ""
    offered = Buddying.objects.filter(partner=profile.user, status="proposed").exists()
    if offered:
        return profile.updated_at, "The programme team found someone: answer their request below."
    return profile.updated_at, (
        "Waiting in the programme team's queue: a facilitator will look for a buddy for you and "
        "ask them on your behalf."
    )


def explain(user: Any) -> NoMatch | None:
    """Why no one is suggested to this person, or None when someone is (or they opted out)."""
    profile = BuddyProfile.objects.filter(user=user, opted_in=True).first()
    if profile is None or offers.suggest_buddies(user, limit=1):
        return None
    mine = offers.traits_of(user)
    candidates = offers._candidates(user)
    directory = offers._directory_of([c.user for c in candidates])
    others = [offers.traits_from(c, directory.get(c.user_id)) for c in candidates]
    failed = []
    wanted = WANTED.get(mine.stage, PEER)
    fitting = [t for t in others if t.stage == wanted]
    if not others:
        failed.append("No one else has opted in to buddying yet.")
    elif not fitting:
        failed.append(
            f"You asked for someone {STAGE_WORDS[wanted]}: none of the {len(others)} people "
            "who opted in is."
        )
    anywhere = dataclasses.replace(mine, distance=EITHER)
    widening_helps = mine.distance != EITHER and any(
        score_match(anywhere, t).worth_suggesting for t in others
    )
    if widening_helps and mine.distance == NEARBY:
        failed.append("You asked for someone nearby: no one who suits you works in your region.")
    if widening_helps and mine.distance == FAR:
        failed.append("You asked for someone far away: everyone who suits you works near you.")
    if not failed:
        failed.append("The people who opted in share too little with you to suggest one.")
    queued_since, state = _queue_state(profile)
    return NoMatch(failed, mine.distance != EITHER, widening_helps, queued_since, state)
