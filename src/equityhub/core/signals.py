"""Sign-in, sign-in failure and sign-out go to the audit log; a sign-in starts the session clock."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.sessions import session_started


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_record(action="sign-in", actor=user, target=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action="sign-out", actor=user, target=user, request=request)


@receiver(user_login_failed)
def audit_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The password is never logged; Django already masks it in credentials.
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit_record(
        action="sign-in-failed",
        actor_label=email or "unknown",
        detail={"email": email},
        request=request,
    )


@receiver(user_logged_in)
def start_session_clock(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    # The idle and absolute timeouts count from here (core.sessions).
    if hasattr(request, "session"):
        session_started(request)
