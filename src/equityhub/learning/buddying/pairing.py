"""Buddy pairs arranged by the programme team.

A facilitator (or administrator) pairs two people who opted in to buddying, with a reason. Both
are asked; the pairing starts when both have accepted, and either may decline. The programme
team sees the list of pairs and of new leads still waiting for a buddy; never their check-ins.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify
from equityhub.learning.buddying.models import Buddying, BuddyingStatus, BuddyProfile
from equityhub.learning.buddying.services import BUDDY_KIND
from equityhub.learning.permissions import can_run


def _link(buddying: Buddying) -> str:
    return reverse("learning:buddying", kwargs={"pk": buddying.pk})


def _live_between(one: User, other: User) -> bool:
    pair = (Q(proposer=one) & Q(partner=other)) | (Q(proposer=other) & Q(partner=one))
    return Buddying.objects.filter(pair, status__in=["proposed", "active"]).exists()


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
