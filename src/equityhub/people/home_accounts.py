"""What the account lifecycle adds to the home page ("what needs me now"), set up at start-up."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from equityhub.core.home import HomeItem, HomeSection, register_home_provider
from equityhub.people import services_roles  # noqa: F401 - registers the "people.roles" kind
from equityhub.people.permissions import claims_for_approver, is_approver, memberships, role_label


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


def register() -> None:
    register_home_provider("people.roles", roles_section)
