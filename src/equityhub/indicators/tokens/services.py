"""API keys for analysts' pipelines: made, shown once, checked, revoked; every step audited.

A key belongs to one person and one organisation and carries one scope (upload, or read). It
works only while it is neither revoked nor expired and while its person is still on the
organisation's team. Only the key's SHA-256 hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.indicators.tokens.models import ApiToken, TokenScope
from equityhub.people.models import Organisation
from equityhub.people.permissions import is_team_member_of

KEY_PREFIX = "ehk_"
LIFETIMES_DAYS = (30, 90, 365)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def tokens_of_teams(user: Any) -> list[ApiToken]:
    """Keys of every organisation where `user` is on the team (the team manages them together)."""
    from equityhub.indicators.querysets import team_organisation_ids

    if not (user and user.is_authenticated):
        return []
    return list(
        ApiToken.objects.filter(organisation__in=team_organisation_ids(user)).select_related(
            "organisation", "user", "revoked_by"
        )
    )


@transaction.atomic
def token_create(
    *, actor: User, organisation: Organisation, name: str, scope: str, days: int
) -> tuple[ApiToken, str]:
    """Make a key; returns the stored token and the key itself, which is never shown again."""
    if not is_team_member_of(actor, organisation):
        raise PermissionDenied("Only the organisation's lead and team members make its API keys.")
    if scope not in TokenScope.values:
        raise ValidationError(f"{scope!r} is not a scope")
    if days not in LIFETIMES_DAYS:
        raise ValidationError(f"A key lasts {', '.join(map(str, LIFETIMES_DAYS))} days")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        organisation=organisation,
        name=name.strip()[:100] or "API key",
        scope=scope,
        prefix=key[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        action="indicators.api_key_created",
        actor=actor,
        target=token,
        detail={"scope": scope, "organisation": organisation.code, "days": days},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Stop a key working at once. Anyone on the organisation's team may revoke its keys."""
    if not (actor.is_superuser or is_team_member_of(actor, token.organisation)):
        raise PermissionDenied("Only the organisation's lead and team members revoke its keys.")
    if token.revoked_at is not None:
        raise ValidationError("This key has already been revoked.")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(action="indicators.api_key_revoked", actor=actor, target=token)
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """The live token for `key`, or None (unknown, revoked, expired, or person left the team)."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "organisation")
        .filter(key_hash=hash_key(key))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if not is_team_member_of(token.user, token.organisation):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
