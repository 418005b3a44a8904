"""Break-glass: an administrator's only way into a set, audited and time-limited."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.learning.sets.models import BreakGlassGrant, LearningSet
from equityhub.learning.sets.services import set_link, tell
from equityhub.people.permissions import is_administrator

BREAK_GLASS_DURATION = datetime.timedelta(hours=1)


@transaction.atomic
def break_glass_open(
    *,
    administrator: User,
    learning_set: LearningSet,
    reason: str,
    request: HttpRequest | None = None,
) -> BreakGlassGrant:
    """An administrator reads a set for a limited time, for a stated reason, on the record.

    The facilitator is told, so that access is never silent.
    """
    if not is_administrator(administrator):
        raise PermissionDenied("Only administrators can use break-glass access")
    reason = reason.strip()
    if len(reason) < 20:
        raise ValidationError({"reason": "Explain why you need access, in at least 20 characters"})
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        learning_set=learning_set,
        administrator=administrator,
        reason=reason,
        granted_at=now,
        expires_at=now + BREAK_GLASS_DURATION,
    )
    audit_record(
        action="learning.break_glass.open",
        actor=administrator,
        target=learning_set,
        detail={"reason": reason, "expires_at": grant.expires_at.isoformat()},
        request=request,
    )
    tell(
        learning_set.facilitators(),
        f"An administrator opened break-glass access to {learning_set}",
        set_link(learning_set),
        body=f"{administrator} gave this reason: {reason}",
    )
    return grant
