"""Writes of core that concern accounts: lifting sign-in lockouts (django-axes records)."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User


@transaction.atomic
def sign_in_lockout_lift(
    *, user: User, actor: User | None = None, request: HttpRequest | None = None
) -> int:
    """Forget every failed sign-in for this account, from every address; return how many.

    Called when the owner completes a password reset (they proved they hold the mailbox), and by
    an administrator's unlock.
    """
    lifted = int(axes_reset(username=user.email.lower()))
    if lifted:
        audit_record(
            action="sign-in-lockout-lifted",
            actor=actor,
            target=user,
            detail={"attempts": lifted},
            request=request,
        )
    return lifted


@transaction.atomic
def sign_in_attempts_clear(
    *, attempts: QuerySet[AccessAttempt], actor: User, request: HttpRequest | None = None
) -> int:
    """An administrator unlocks: the chosen records of failed sign-ins are deleted (audited)."""
    accounts = sorted(set(attempts.values_list("username", flat=True)))
    count, _ = attempts.delete()
    audit_record(
        action="sign-in-lockout-lifted",
        actor=actor,
        detail={"accounts": accounts, "attempts": count},
        request=request,
    )
    return int(count)
