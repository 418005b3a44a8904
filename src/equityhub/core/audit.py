"""The audit log: every service that changes who may do what writes one line here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from ipware import get_client_ip

from equityhub.core.models import AuditEvent, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person making the request, as far as our own proxies can vouch.

    With `TRUSTED_PROXY_COUNT` = N reverse proxies in front, each appending the address it saw to
    X-Forwarded-For, the client is the N-th entry from the right: anything further left was
    written by the client and could be forged. Without proxies, it is the socket's address.
    """
    if request is None:
        return None
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return request.META.get("REMOTE_ADDR") or None
    address, _ = get_client_ip(
        request,
        proxy_order="left-most",
        # ipware counts the proxies named in the header; the nearest one is REMOTE_ADDR.
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit log."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else "anonymous"),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        detail=detail or {},
        ip_address=client_ip(request),
    )
