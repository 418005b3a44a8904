"""Buddy match scoring: a pure function that scores a pair and says why, in plain English.

No database and no Django here, so the rules can be read and tested on their own. Scores are
points; every point added comes with a reason a person can read:

- new in role with experienced: 40 (the heart of buddying);
- both asking for a peer at a similar stage: 20;
- shared interests: 10 each, at most 30;
- complementary backgrounds (different, both stated, neither "other"): 15;
- nearby, when asked for: 20 for the same system, 10 for the same region;
- deliberately far, when asked for: 15 for a different region;
- a person who asked for "far" is not offered someone in their own system (minus 25), and one
  who asked for "nearby" is not offered someone in another region (minus 15).

Only pairs with at least one reason and a positive score are worth suggesting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NEW, EXPERIENCED, PEER = "new", "experienced", "peer"
NEARBY, FAR, EITHER = "nearby", "far", "either"

STAGE_POINTS = 40
PEER_POINTS = 20
INTEREST_POINTS = 10
INTEREST_CAP = 30
BACKGROUND_POINTS = 15
SAME_SYSTEM_POINTS = 20
SAME_REGION_POINTS = 10
FAR_POINTS = 15
TOO_CLOSE_PENALTY = 25
TOO_FAR_PENALTY = 15


@dataclass(frozen=True)
class BuddyTraits:
    """What matching needs to know about one person. Strings are shown in reasons as given."""

    stage: str
    background: str = ""
    interests: frozenset[str] = field(default_factory=frozenset)
    region: str = ""
    system: str = ""
    distance: str = EITHER


@dataclass(frozen=True)
class MatchScore:
    points: int
    reasons: tuple[str, ...]

    @property
    def worth_suggesting(self) -> bool:
        return self.points > 0 and bool(self.reasons)


def _stage(me: BuddyTraits, them: BuddyTraits) -> tuple[int, list[str]]:
    if me.stage == NEW and them.stage == EXPERIENCED:
        return STAGE_POINTS, ["You are new in role and they are experienced"]
    if me.stage == EXPERIENCED and them.stage == NEW:
        return STAGE_POINTS, ["They are new in role and you are experienced"]
    if me.stage == PEER and them.stage == PEER:
        return PEER_POINTS, ["You are both looking for a peer at a similar stage"]
    return 0, []


def _join(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _interests(me: BuddyTraits, them: BuddyTraits) -> tuple[int, list[str]]:
    shared = sorted(me.interests & them.interests, key=str.lower)
    if not shared:
        return 0, []
    points = min(INTEREST_POINTS * len(shared), INTEREST_CAP)
    return points, [f"You share an interest in {_join(shared)}"]


def _background(me: BuddyTraits, them: BuddyTraits) -> tuple[int, list[str]]:
    mine, theirs = me.background.strip(), them.background.strip()
    if not mine or not theirs or "other" in (mine.lower(), theirs.lower()):
        return 0, []
    if mine.lower() == theirs.lower():
        return 0, []
    reason = f"Complementary backgrounds: you come from {mine}, they come from {theirs}"
    return BACKGROUND_POINTS, [reason]


def _place_fit(wish: str, same_system: bool, same_region: bool) -> int:
    """Points for how well the other's location suits one person's wish."""
    if wish == NEARBY:
        if same_system:
            return SAME_SYSTEM_POINTS
        return SAME_REGION_POINTS if same_region else -TOO_FAR_PENALTY
    if wish == FAR:
        if same_system:
            return -TOO_CLOSE_PENALTY
        return FAR_POINTS if not same_region else 0
    return 0


def _place(me: BuddyTraits, them: BuddyTraits) -> tuple[int, list[str]]:
    known = bool(me.region and them.region)
    if not known:
        return 0, []
    same_system = bool(me.system) and me.system == them.system
    same_region = me.region == them.region
    points = _place_fit(me.distance, same_system, same_region)
    points += _place_fit(them.distance, same_system, same_region)
    wishes = {me.distance, them.distance}
    reasons = []
    if NEARBY in wishes and same_system:
        reasons.append(f"Nearby: you both work in {me.system}")
    elif NEARBY in wishes and same_region:
        reasons.append(f"Nearby: you both work in the {me.region} region")
    elif FAR in wishes and not same_region:
        reasons.append(f"Deliberately far: they work in {them.region}, for a fresh view")
    return points, reasons if points > 0 else []


def score_match(me: BuddyTraits, them: BuddyTraits) -> MatchScore:
    """How well `them` suits `me` as a buddy (and `me` suits them), with the reasons."""
    points = 0
    reasons: list[str] = []
    for rule in (_stage, _interests, _background, _place):
        rule_points, rule_reasons = rule(me, them)
        points += rule_points
        reasons.extend(rule_reasons)
    return MatchScore(points=points, reasons=tuple(reasons))
