"""What learning offers one person next: upcoming events and suggested buddies.

Other parts of the platform (the induction plan, the home page) call these two functions; their
signatures stay stable. Both return nothing for someone who is not signed in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.buddying.matching import EXPERIENCED, NEW, PEER, BuddyTraits, score_match
from equityhub.learning.buddying.models import Background, Buddying, BuddyProfile
from equityhub.learning.events.models import Booking, Event
from equityhub.people.models import Organisation, Profile

NEW_IN_ROLE = datetime.timedelta(days=365)
EXPERIENCED_AFTER = datetime.timedelta(days=730)


@dataclass(frozen=True)
class BuddySuggestion:
    """Someone who could be a good buddy, and why, in plain English."""

    person: User
    reasons: list[str] = field(default_factory=list)
    score: int = 0


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def upcoming_events(user: Any, limit: int = 3) -> list[Event]:
    """The next events going ahead: those the person has a place at first, then the soonest."""
    if not _signed_in(user):
        return []
    booked = Booking.objects.filter(event=OuterRef("pk"), user=user, status="booked")
    events = Event.objects.visible_to(user).upcoming().annotate(mine=Exists(booked))
    return list(events.order_by("-mine", "starts_at", "pk")[:limit])


def _where(organisation: Organisation | None) -> tuple[str, str]:
    if organisation is None:
        return "", ""
    system = organisation.system
    region = organisation.region or (system.region if system else None)
    return (region.name if region else ""), (system.name if system else "")


def _directory_profile(user: User) -> Profile | None:
    profile = Profile.objects.select_related(
        "organisation__system__region", "organisation__region"
    ).filter(user=user)
    return profile.prefetch_related("interests").first()


def _stage_from_directory(profile: Profile | None) -> str:
    if profile is None or profile.appointed_on is None:
        return ""
    in_post = timezone.localdate() - profile.appointed_on
    if in_post <= NEW_IN_ROLE:
        return NEW
    return EXPERIENCED if in_post >= EXPERIENCED_AFTER else PEER


def traits_from(buddy: BuddyProfile, directory: Profile | None) -> BuddyTraits:
    region, system = _where(directory.organisation if directory else None)
    background = "" if buddy.background == Background.OTHER else buddy.get_background_display()
    return BuddyTraits(
        stage=buddy.stage,
        background=background.split(" (")[0].lower(),
        interests=frozenset(interest.name for interest in buddy.interests.all()),
        region=region,
        system=system,
        distance=buddy.distance,
    )


def traits_of(user: User) -> BuddyTraits:
    """A person's buddy traits: their buddy profile, or a best guess from their directory entry."""
    directory = _directory_profile(user)
    buddy = BuddyProfile.objects.filter(user=user).prefetch_related("interests").first()
    if buddy is not None:
        return traits_from(buddy, directory)
    region, system = _where(directory.organisation if directory else None)
    interests = directory.interests.all() if directory else []
    return BuddyTraits(
        stage=_stage_from_directory(directory),
        interests=frozenset(interest.name for interest in interests),
        region=region,
        system=system,
    )


def _already_paired(user: User) -> set[int]:
    live = Buddying.objects.visible_to(user).live()
    return {pk for pair in live.values_list("proposer", "partner") for pk in pair}


def _candidates(user: User) -> list[BuddyProfile]:
    excluded = _already_paired(user) | {user.pk}
    profiles = BuddyProfile.objects.filter(opted_in=True, user__is_active=True)
    profiles = profiles.exclude(user__in=excluded).select_related("user")
    return list(profiles.prefetch_related("interests"))


def _directory_of(users: list[User]) -> dict[int, Profile]:
    profiles = Profile.objects.filter(user__in=users).select_related(
        "organisation__system__region", "organisation__region"
    )
    return {profile.user_id: profile for profile in profiles}


def suggest_buddies(user: Any, limit: int = 3) -> list[BuddySuggestion]:
    """People who opted in to buddying and suit this person best, each with the reasons."""
    if not _signed_in(user):
        return []
    mine = traits_of(user)
    candidates = _candidates(user)
    directory = _directory_of([candidate.user for candidate in candidates])
    suggestions = []
    for candidate in candidates:
        score = score_match(mine, traits_from(candidate, directory.get(candidate.user_id)))
        if score.worth_suggesting:
            suggestions.append(
                BuddySuggestion(
                    person=candidate.user, reasons=list(score.reasons), score=score.points
                )
            )
    suggestions.sort(key=lambda s: (-s.score, s.person.full_name.lower(), s.person.pk))
    return suggestions[:limit]
