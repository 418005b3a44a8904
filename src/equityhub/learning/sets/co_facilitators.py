"""Co-facilitators: facilitators who share the running of a set with its facilitator.

A co-facilitator does everything the facilitator does (applications, invitations, adding people
in bulk, meetings, attendance); only the set's own facilitator chooses or removes them. Every
check goes through `LearningSet.is_run_by` (and `LearningSetQuerySet.run_by`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.sets.models import LearningSet, SetMembership, SetStatus
from equityhub.learning.sets.services import set_link, tell
from equityhub.people.permissions import is_facilitator


def _require_lead_facilitator(by: User, learning_set: LearningSet) -> None:
    if learning_set.facilitator_id != by.pk:
        raise PermissionDenied("Only the set's facilitator chooses co-facilitators")


@transaction.atomic
def co_facilitator_add(
    *, by: User, learning_set: LearningSet, user: User, request: HttpRequest | None = None
) -> LearningSet:
    """The facilitator asks another facilitator to run the set with them."""
    _require_lead_facilitator(by, learning_set)
    if learning_set.status == SetStatus.CLOSED:
        raise ValidationError("This set has closed")
    if learning_set.is_run_by(user):
        raise ValidationError({"email": f"{user} already facilitates this set"})
    if not is_facilitator(user):
        raise ValidationError(
            {"email": f"{user} is not a facilitator: ask an administrator to give them the role"}
        )
    if SetMembership.objects.current().filter(learning_set=learning_set, user=user).exists():
        raise ValidationError(
            {"email": f"{user} is a member of this set: a member cannot also facilitate it"}
        )
    learning_set.co_facilitators.add(user)
    audit_record(
        action="learning.set.co_facilitator_add",
        actor=by,
        target=learning_set,
        detail={"user": user.email},
        request=request,
    )
    tell([user], f"You now co-facilitate the learning set {learning_set}", set_link(learning_set))
    return learning_set


@transaction.atomic
def co_facilitator_remove(
    *, by: User, learning_set: LearningSet, user: User, request: HttpRequest | None = None
) -> LearningSet:
    """The facilitator removes a co-facilitator, or a co-facilitator steps down."""
    if by.pk != user.pk:
        _require_lead_facilitator(by, learning_set)
    if not learning_set.co_facilitators.filter(pk=user.pk).exists():
        raise ValidationError(f"{user} does not co-facilitate this set")
    learning_set.co_facilitators.remove(user)
    audit_record(
        action="learning.set.co_facilitator_remove",
        actor=by,
        target=learning_set,
        detail={"user": user.email},
        request=request,
    )
    return learning_set
