"""Writes for buddying: opting in, asking someone, accepting, checking in, ending.

Only people who opt in are suggested or can be asked. The person who asks has accepted by
asking; the pairing starts only when the other person accepts too. Either can end it at any
time. Buddies are prompted to check in every few weeks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.buddying.matching import score_match
from equityhub.learning.buddying.models import (
    Background,
    Buddying,
    BuddyingStatus,
    BuddyProfile,
    CheckIn,
    Distance,
    Stage,
)
from equityhub.learning.offers import traits_of
from equityhub.learning.permissions import can_run
from equityhub.people.models import Interest

BUDDY_KIND = "learning.buddying"
register_notification_kind(BUDDY_KIND, "Buddying: requests, answers and check-in prompts")


def buddying_link(buddying: Buddying) -> str:
    return reverse("learning:buddying", kwargs={"pk": buddying.pk})


def _tell(recipient: object, buddying: Buddying, title: str) -> None:
    notify(recipients=[recipient], kind=BUDDY_KIND, title=title, link=buddying_link(buddying))  # type: ignore[list-item]


@transaction.atomic
def profile_save(
    *,
    user: User,
    stage: str,
    background: str,
    distance: str = Distance.EITHER,
    interests: Iterable[Interest] = (),
    about: str = "",
    opted_in: bool = True,
    request: HttpRequest | None = None,
) -> BuddyProfile:
    """Opt in to buddying (or change what you are looking for, or opt out)."""
    errors = {}
    if stage not in Stage.values:
        errors["stage"] = "Choose what you are looking for"
    if background not in Background.values:
        errors["background"] = "Choose your professional background"
    if distance not in Distance.values:
        errors["distance"] = "Choose where your buddy should work"
    if errors:
        raise ValidationError(errors)
    profile, _ = BuddyProfile.objects.update_or_create(
        user=user,
        defaults={
            "stage": stage,
            "background": background,
            "distance": distance,
            "about": about.strip(),
            "opted_in": opted_in,
            "updated_at": timezone.now(),
        },
    )
    profile.interests.set(list(interests))
    audit_record(
        action="learning.buddy.profile", actor=user, detail={"opted_in": opted_in}, request=request
    )
    return profile


@transaction.atomic
def profile_widen(*, user: User, request: HttpRequest | None = None) -> BuddyProfile:
    """Look for a buddy anywhere, not only nearby or far away (when no one suits)."""
    profile = BuddyProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError("Opt in to buddying first.")
    profile.distance = Distance.EITHER
    profile.updated_at = timezone.now()
    profile.save(update_fields=["distance", "updated_at"])
    audit_record(action="learning.buddy.widen", actor=user, target=profile, request=request)
    return profile


def _live_between(one: User, other: User) -> bool:
    pair = (Q(proposer=one) & Q(partner=other)) | (Q(proposer=other) & Q(partner=one))
    return Buddying.objects.live().filter(pair).exists()


@transaction.atomic
def buddy_propose(
    *, by: User, partner: User, message: str = "", request: HttpRequest | None = None
) -> Buddying:
    """Ask someone who opted in to be your buddy; the reasons you were matched go with it."""
    if partner.pk == by.pk:
        raise ValidationError("You cannot be your own buddy")
    if not BuddyProfile.objects.filter(user=by, opted_in=True).exists():
        raise ValidationError("Opt in to buddying first, so they can see what you are looking for")
    if not BuddyProfile.objects.filter(user=partner, opted_in=True, user__is_active=True).exists():
        raise ValidationError("This person is not looking for a buddy")
    if _live_between(by, partner):
        raise ValidationError("You have already asked each other, or are already buddies")
    score = score_match(traits_of(by), traits_of(partner))
    buddying = Buddying.objects.create(
        proposer=by, partner=partner, reasons=list(score.reasons), message=message.strip()
    )
    audit_record(action="learning.buddy.propose", actor=by, target=buddying, request=request)
    _tell(partner, buddying, f"{by} would like to be your buddy")
    return buddying


def _require_one_of(user: User, buddying: Buddying) -> None:
    if user.pk not in (buddying.proposer_id, buddying.partner_id):
        raise PermissionDenied("Only the two buddies can do this")


@transaction.atomic
def buddy_answer(
    *, by: User, buddying: Buddying, accept: bool, request: HttpRequest | None = None
) -> Buddying:
    """The person asked accepts (and the pairing starts) or declines."""
    if buddying.arranged_by_id is not None:  # arranged by the programme: both answer
        return arranged_answer(by=by, buddying=buddying, accept=accept, request=request)
    if buddying.partner_id != by.pk:
        raise PermissionDenied("Only the person asked can answer")
    if buddying.status != BuddyingStatus.PROPOSED:
        raise ValidationError("This request has already been answered")
    now = timezone.now()
    if accept:
        buddying.status, buddying.accepted_at = BuddyingStatus.ACTIVE, now
    else:
        buddying.status, buddying.ended_at = BuddyingStatus.DECLINED, now
    buddying.save(update_fields=["status", "accepted_at", "ended_at"])
    verb = "accepted" if accept else "declined"
    audit_record(action=f"learning.buddy.{verb}", actor=by, target=buddying, request=request)
    _tell(buddying.proposer, buddying, f"{by} {verb} your buddy request")
    return buddying


@transaction.atomic
def buddy_end(*, by: User, buddying: Buddying, request: HttpRequest | None = None) -> Buddying:
    """Either buddy ends the pairing (or the person who asked withdraws the request)."""
    _require_one_of(by, buddying)
    if buddying.status not in (BuddyingStatus.ACTIVE, BuddyingStatus.PROPOSED):
        raise ValidationError("This has already ended")
    if buddying.status == BuddyingStatus.PROPOSED and buddying.proposer_id != by.pk:
        raise ValidationError("Decline the request instead")
    buddying.status, buddying.ended_at, buddying.ended_by = BuddyingStatus.ENDED, timezone.now(), by
    buddying.save(update_fields=["status", "ended_at", "ended_by"])
    audit_record(action="learning.buddy.end", actor=by, target=buddying, request=request)
    _tell(buddying.other(by), buddying, f"{by} has ended your buddying")
    return buddying


@transaction.atomic
def check_in_record(
    *, by: User, buddying: Buddying, note: str = "", request: HttpRequest | None = None
) -> CheckIn:
    """A buddy says they have caught up; the next prompt comes a few weeks later."""
    _require_one_of(by, buddying)
    if buddying.status != BuddyingStatus.ACTIVE:
        raise ValidationError("You can check in once you are both buddies")
    check_in = CheckIn.objects.create(buddying=buddying, author=by, note=note.strip())
    buddying.last_check_in_at = check_in.created_at
    buddying.save(update_fields=["last_check_in_at"])
    audit_record(action="learning.buddy.check_in", actor=by, target=buddying, request=request)
    return check_in


def check_in_due_at(buddying: Buddying) -> datetime.datetime | None:
    started = buddying.last_check_in_at or buddying.accepted_at
    if buddying.status != BuddyingStatus.ACTIVE or started is None:
        return None
    return started + datetime.timedelta(weeks=buddying.check_in_weeks)


def check_ins_due_for(user: User, now: datetime.datetime | None = None) -> list[Buddying]:
    now = now or timezone.now()
    active = Buddying.objects.visible_to(user).filter(status=BuddyingStatus.ACTIVE)
    due = [b for b in active.select_related("proposer", "partner") if _is_due(b, now)]
    return due


def _is_due(buddying: Buddying, now: datetime.datetime) -> bool:
    due_at = check_in_due_at(buddying)
    return due_at is not None and due_at <= now


def check_in_prompts_send(now: datetime.datetime | None = None) -> list[Buddying]:
    """Prompt both buddies once each time a check-in falls due."""
    now = now or timezone.now()
    prompted = []
    active = Buddying.objects.filter(status=BuddyingStatus.ACTIVE)
    for buddying in active.select_related("proposer", "partner"):
        due_at = check_in_due_at(buddying)
        if due_at is None or due_at > now:
            continue
        if buddying.check_in_prompted_at is not None and buddying.check_in_prompted_at >= due_at:
            continue
        with transaction.atomic():
            for person in (buddying.proposer, buddying.partner):
                other = buddying.other(person)
                _tell(person, buddying, f"Time to check in with your buddy {other}")
            buddying.check_in_prompted_at = now
            buddying.save(update_fields=["check_in_prompted_at"])
        prompted.append(buddying)
    return prompted


# Buddy pairs arranged by the programme team.
#
# A facilitator (or administrator) pairs two people who opted in to buddying, with a reason. Both
# are asked; the pairing starts when both have accepted, and either may decline. The programme
# team sees the list of pairs and of new leads still waiting for a buddy; never their check-ins.
def _link(buddying: Buddying) -> str:
    return reverse("learning:buddying", kwargs={"pk": buddying.pk})


@transaction.atomic
def buddy_arrange(
    *, by: User, one: User, other: User, reason: str, request: HttpRequest | None = None
) -> Buddying:
    """Suggest two people as buddies; both are asked to accept."""
    if not can_run(by):
        raise PermissionDenied("The programme team arranges buddy pairs")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why they would make good buddies"})
    if one.pk == other.pk:
        raise ValidationError({"other": "Choose two different people"})
    opted_in = BuddyProfile.objects.filter(opted_in=True, user__is_active=True)
    for field, person in (("one", one), ("other", other)):
        if not opted_in.filter(user=person).exists():
            raise ValidationError({field: f"{person} has not asked for a buddy"})
    if _live_between(one, other):
        raise ValidationError("These two are already buddies or have been asked")
    buddying = Buddying.objects.create(
        proposer=one, partner=other, arranged_by=by, reasons=[reason[:500]]
    )
    audit_record(action="learning.buddy.arrange", actor=by, target=buddying, request=request)
    for person, partner in ((one, other), (other, one)):
        notify(
            recipients=[person],
            kind=BUDDY_KIND,
            title=f"The programme team suggests {partner} as your buddy",
            link=_link(buddying),
        )
    return buddying


def awaits_answer_from(buddying: Buddying, user: User) -> bool:
    """Is this person still to accept or decline this pairing?"""
    if buddying.status != BuddyingStatus.PROPOSED:
        return False
    if user.pk == buddying.partner_id:
        return buddying.accepted_at is None
    arranged = buddying.arranged_by_id is not None
    return arranged and user.pk == buddying.proposer_id and buddying.proposer_accepted_at is None


@transaction.atomic
def arranged_answer(
    *, by: User, buddying: Buddying, accept: bool, request: HttpRequest | None = None
) -> Buddying:
    """One of an arranged pair answers; the pairing starts once both have accepted."""
    buddying = Buddying.objects.select_for_update().get(pk=buddying.pk)
    if not awaits_answer_from(buddying, by):
        raise ValidationError("You have already answered, or this pairing has ended")
    now = timezone.now()
    if not accept:
        buddying.status, buddying.ended_at = BuddyingStatus.DECLINED, now
    elif by.pk == buddying.partner_id:
        buddying.accepted_at = now
    else:
        buddying.proposer_accepted_at = now
    if buddying.accepted_at and buddying.proposer_accepted_at:
        buddying.status = BuddyingStatus.ACTIVE
    buddying.save(update_fields=["status", "ended_at", "accepted_at", "proposer_accepted_at"])
    verb = "accepted" if accept else "declined"
    audit_record(action=f"learning.buddy.{verb}", actor=by, target=buddying, request=request)
    other = buddying.partner if by.pk == buddying.proposer_id else buddying.proposer
    news = "you are now buddies" if buddying.status == BuddyingStatus.ACTIVE else verb
    notify(recipients=[other], kind=BUDDY_KIND, title=f"{by}: {news}", link=_link(buddying))
    return buddying


def programme_pairs() -> QuerySet[Buddying]:
    """Pairs that are asked or running, arranged ones first (for the programme team)."""
    return (
        Buddying.objects.filter(status__in=["proposed", "active"])
        .select_related("proposer", "partner", "arranged_by")
        .order_by("arranged_by", "-created_at")
    )


def people_open_to_buddying() -> QuerySet[BuddyProfile]:
    return (
        BuddyProfile.objects.filter(opted_in=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )
