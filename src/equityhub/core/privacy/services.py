"""A person's rights over their data: a copy of everything held, and deleting the account.

Both walk the registry in `core.privacy`, so they cover every app without knowing them.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.privacy.registry import (
    FORMER_MEMBER_DOMAIN,
    FORMER_MEMBER_NAME,
    SECRET_FIELDS,
    Holding,
    erasure_checks,
    holdings,
)

USER_FIELDS = ("email", "full_name", "date_joined", "last_login", "email_verified", "is_active")


class ErasureRefused(Exception):
    """The account cannot be deleted yet; the reasons say what to do first."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _rows_as_dicts(holding: Holding, user: User) -> list[dict[str, Any]]:
    model = holding.model
    names = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and f.name not in holding.exclude and not f.primary_key
    ]
    rows = holding.rows(user).order_by("pk")
    serialised = serializers.serialize("python", rows, fields=names)
    return [{"id": row["pk"], **row["fields"]} for row in serialised]


def personal_data(user: User) -> dict[str, Any]:
    """Everything held about `user`, grouped by what it is (for the download)."""
    sections: list[dict[str, Any]] = []
    for holding in holdings():
        if not holding.export:
            continue
        rows = _rows_as_dicts(holding, user)
        if rows:
            sections.append(
                {
                    "what": holding.what,
                    "model": holding.model_label,
                    "linked_by": holding.field_name,
                    "rows": rows,
                }
            )
    return {
        "service": "Equity Hub",
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in USER_FIELDS},
        "data": sections,
    }


def personal_data_json(user: User) -> str:
    return json.dumps(personal_data(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def new_former_member() -> User:
    """A nameless account, unable to sign in, for one deleted person's shared contributions."""
    return User.objects.create(
        email=f"{secrets.token_hex(8)}@{FORMER_MEMBER_DOMAIN}",
        full_name=FORMER_MEMBER_NAME,
        is_active=False,
        password=make_password(None),
    )


def is_former_member(user: User) -> bool:
    return user.email.endswith("@" + FORMER_MEMBER_DOMAIN)


def deletion_problems(user: User) -> list[str]:
    if is_former_member(user):
        return ["This account holds a former member's contributions and cannot be deleted"]
    return [reason for check in erasure_checks() for reason in check(user)]


def _apply(holding: Holding, user: User, placeholder: User) -> int:
    rows = holding.rows(user)
    if holding.action == "keep":
        return 0
    if holding.scrub is not None and holding.action != "erase":
        holding.scrub(rows)
        rows = holding.rows(user)
    if holding.action == "erase":
        return int(rows.delete()[0])
    target = placeholder if holding.action == "anonymise" else None
    return int(rows.update(**{holding.field_name: target}))


@transaction.atomic
def account_erase(*, user: User, actor: User | None = None, reason: str = "request") -> None:
    """Delete `user`: anonymise shared contributions, erase the rest, then the account."""
    problems = deletion_problems(user)
    if problems:
        raise ErasureRefused(problems)
    placeholder = new_former_member()
    counts: dict[str, int] = {}
    for holding in holdings():
        changed = _apply(holding, user, placeholder)
        if changed:
            key = f"{holding.model_label}.{holding.field_name}:{holding.action}"
            counts[key] = changed
    audit_record(
        action="account.deleted",
        actor=actor if actor is not None and actor.pk != user.pk else None,
        actor_label="the person themselves" if reason == "request" else "retention job",
        detail={"account_id": user.pk, "reason": reason, "rows": counts},
    )
    user.delete()


def account_delete_by_owner(*, user: User, password: str) -> None:
    """The person deletes their own account, confirming with their password."""
    if not user.check_password(password):
        raise ErasureRefused(["The password is not right"])
    account_erase(user=user, reason="request")


def inactive_accounts(now: datetime.datetime | None = None) -> models.QuerySet[User]:
    """Accounts nobody has signed in to for RETENTION_INACTIVE_ACCOUNT_DAYS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_INACTIVE_ACCOUNT_DAYS)
    stale = models.Q(last_login__lt=cutoff) | models.Q(
        last_login__isnull=True, date_joined__lt=cutoff
    )
    users = User.objects.filter(stale).exclude(is_superuser=True)
    return users.exclude(email__endswith="@" + FORMER_MEMBER_DOMAIN)


def erase_inactive_accounts(now: datetime.datetime | None = None) -> list[int]:
    """Delete every inactive account that can be deleted; return their ids."""
    erased = []
    for user in inactive_accounts(now):
        account_id = user.pk
        try:
            account_erase(user=user, reason="retention")
        except ErasureRefused:
            continue
        erased.append(account_id)
    return erased
