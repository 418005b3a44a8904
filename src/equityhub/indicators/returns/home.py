"""The analyst's (team member's) work queue on the home page: the state of the data returns,
the problems the checks found, and API keys about to expire."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from equityhub.core.home import HomeItem, HomeSection, QueueLine
from equityhub.indicators.returns.models import DataReturn, ReturnStatus
from equityhub.indicators.tokens.models import ApiToken
from equityhub.people.models import Membership, Role

KEY_WARNING = datetime.timedelta(days=30)  # time enough to make a new key and change the pipeline


def _returns_line(returns: Any) -> QueueLine:
    waiting = returns.filter(status=ReturnStatus.PREVIEW).count()
    checking = returns.filter(status=ReturnStatus.CHECKING).count()
    last = returns.filter(status=ReturnStatus.COMMITTED).order_by("-committed_at").first()
    parts = []
    if waiting:
        parts.append(f"{waiting} checked and waiting for you to commit")
    if checking:
        parts.append(f"{checking} being checked")
    if last is not None and last.committed_at:
        parts.append(f"last committed {timezone.localtime(last.committed_at):%-d %b}")
    answer = "; ".join(parts) or "none uploaded yet: upload your first return"
    return QueueLine(
        "Data returns", answer, reverse("indicators:returns"), flag="To commit" if waiting else ""
    )


def _problems_line(returns: Any) -> QueueLine:
    since = timezone.now() - datetime.timedelta(days=30)
    failed = returns.filter(status=ReturnStatus.FAILED, uploaded_at__gte=since).first()
    if failed is None:
        return QueueLine("Validation problems", "none in the last 30 days")
    count = len(failed.problems)
    return QueueLine(
        "Validation problems",
        f"{failed.filename} failed its checks with {count} problem{'s' if count != 1 else ''}: "
        "fix the file and upload it again",
        reverse("indicators:return", kwargs={"pk": failed.pk}),
        flag="Problems",
    )


def _keys_line(user: Any) -> QueueLine:
    now = timezone.now()
    expiring = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now, expires_at__lte=now + KEY_WARNING
    ).order_by("expires_at")
    first = expiring.first()
    if first is None:
        return QueueLine(
            "API keys expiring", "none in the next 30 days", reverse("indicators:api-keys")
        )
    days = (first.expires_at - now).days
    return QueueLine(
        "API keys expiring",
        f"{first.name} expires in {days} day{'s' if days != 1 else ''}: make a new key",
        reverse("indicators:api-keys"),
        flag="Expiring",
    )


def returns_section(request: HttpRequest) -> HomeSection | None:
    """Shown to team members: uploading and checking returns is their work."""
    user = request.user
    if not user.is_authenticated:
        return None
    teams = Membership.objects.approved().filter(user=user, role=Role.TEAM_MEMBER)
    organisation_ids = list(teams.values_list("organisation_id", flat=True))
    if not organisation_ids:
        return None
    returns = DataReturn.objects.filter(organisation_id__in=organisation_ids)
    recent = returns.exclude(status=ReturnStatus.DISCARDED).order_by("-uploaded_at")[:3]
    items = [
        HomeItem(
            f"{r.filename}: {r.get_status_display()}",
            reverse("indicators:return", kwargs={"pk": r.pk}),
            hint=f"Uploaded {timezone.localtime(r.uploaded_at):%-d %B}",
            urgent=r.status in (ReturnStatus.PREVIEW, ReturnStatus.FAILED),
        )
        for r in recent
    ]
    return HomeSection(
        title="Data returns",
        items=tuple(items),
        empty_text="No returns yet. Upload your organisation's first data return.",
        more_href=reverse("indicators:returns"),
        more_text="All data returns",
        order=6,
        queue=(_returns_line(returns), _problems_line(returns), _keys_line(user)),
    )
