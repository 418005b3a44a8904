"""What the account lifecycle adds to the home page ("what needs me now"), set up at start-up."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, QueueLine, register_home_provider
from equityhub.core.task_health import dead_letters
from equityhub.people import services_roles  # noqa: F401 - registers the "people.roles" kind
from equityhub.people.models import Invitation
from equityhub.people.permissions import (
    claims_for_approver,
    is_administrator,
    is_approver,
    memberships,
    role_label,
)


def _claims_to_decide(request: HttpRequest) -> list[HomeItem]:
    if not is_approver(request.user):
        return []
    waiting = claims_for_approver(request.user).count()
    if not waiting:
        return []
    text = "1 role claim waits" if waiting == 1 else f"{waiting} role claims wait"
    return [
        HomeItem(
            text=f"{text} for your decision", href=reverse("people:roles-pending"), urgent=True
        )
    ]


def _own_claims(request: HttpRequest) -> list[HomeItem]:
    own = memberships().pending().filter(user=request.user).select_related("organisation")
    return [
        HomeItem(
            text=f"Your claim to be {role_label(m)} at {m.organisation}",
            href=reverse("people:roles"),
            hint="Waiting for approval by the organisation's lead or an administrator",
        )
        for m in own
    ]


def roles_section(request: HttpRequest) -> HomeSection | None:
    if not request.user.is_authenticated:
        return None
    items = _claims_to_decide(request) + _own_claims(request)
    if not items:
        return None
    return HomeSection(
        title="Roles",
        items=tuple(items),
        more_href=reverse("people:roles"),
        more_text="Your roles",
        order=20,
    )


def _admin_queue(request: HttpRequest) -> tuple[QueueLine, ...]:
    claims = claims_for_approver(request.user).count()
    now = timezone.now()
    invitations = Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=now).count()
    failed = dead_letters().count()
    return (
        QueueLine(
            "Approvals",
            f"{claims} role claim{'s' if claims != 1 else ''} to decide"
            if claims
            else "none: no one waits for your decision",
            reverse("people:roles-pending") if claims else "",
            flag="Waiting" if claims else "",
        ),
        QueueLine(
            "Invitations",
            f"{invitations} sent and not yet accepted" if invitations else "none outstanding",
            reverse("people:invitations"),
        ),
        QueueLine(
            "Failed tasks",
            f"{failed} background task{'s' if failed != 1 else ''} failed for good: "
            "see Tasks in the Django admin"
            if failed
            else "none: the background worker is keeping up",
            flag="Failed" if failed else "",
        ),
    )


def admin_section(request: HttpRequest) -> HomeSection | None:
    """The administrator's queue leads their home page; the detail lives on the roles page."""
    if not is_administrator(request.user):
        return None
    return HomeSection(
        title="Administration",
        empty_text="Invite people, and decide role claims, from the accounts pages.",
        more_href=reverse("people:invitations"),
        more_text="Invitations",
        order=3,
        queue=_admin_queue(request),
    )


def register() -> None:
    register_home_provider("people.roles", roles_section)
    register_home_provider("people.admin", admin_section)
