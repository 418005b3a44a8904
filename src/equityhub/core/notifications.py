"""Notifications: in the app always, by email as each person prefers.

Every pillar calls `notify(...)`. Kinds are short strings ("learning.meeting", "library.review")
registered with a plain-English label so that the preferences page can list them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import (
    Delivery,
    Notification,
    NotificationPreference,
    UnsubscribeToken,
    User,
)
from equityhub.core.site import site_url

NOTIFICATION_KINDS: dict[str, str] = {
    "account": "Your account and roles",
    "digest": "Digest emails",
}


def register_notification_kind(kind: str, label: str) -> None:
    NOTIFICATION_KINDS[kind] = label


def delivery_for(user: User, kind: str) -> str:
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return preference.delivery if preference else Delivery.IMMEDIATE


@transaction.atomic
def notify(
    *, recipients: Iterable[User], kind: str, title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Create an in-app notification for each recipient; queue immediate emails."""
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; register it first")
    created = [
        Notification.objects.create(recipient=user, kind=kind, title=title, body=body, link=link)
        for user in recipients
        if user.is_active
    ]
    immediate = [n.pk for n in created if delivery_for(n.recipient, kind) == Delivery.IMMEDIATE]
    if immediate:
        from equityhub.core.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(immediate))
    return created


@transaction.atomic
def preference_set(*, user: User, kind: str, delivery: str) -> NotificationPreference:
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    return preference


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.visible_to(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def unsubscribe_url(user: User, kind: str) -> str:
    token = UnsubscribeToken.objects.create(user=user, kind=kind)
    return site_url() + reverse("core:unsubscribe", args=[token.token])


@transaction.atomic
def unsubscribe(*, token: str) -> UnsubscribeToken | None:
    """Use a one-click unsubscribe link: emails of that kind stop. Each link works once."""
    found = UnsubscribeToken.objects.select_for_update().filter(token=token).first()
    if found is None or found.used_at is not None:
        return None
    preference_set(user=found.user, kind=found.kind, delivery=Delivery.IN_APP)
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return found


def _send(user: User, notifications: list[Notification], subject: str, kind: str) -> None:
    context = {
        "user": user,
        "notifications": notifications,
        "site_url": site_url(),
        "unsubscribe_url": unsubscribe_url(user, kind),
        "preferences_url": site_url() + reverse("core:notification-preferences"),
    }
    text = render_to_string("core/email/notifications.txt", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    message.send()
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def send_immediate(notification_ids: list[int]) -> int:
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
    sent = 0
    for notification in pending.select_related("recipient"):
        _send(notification.recipient, [notification], notification.title, notification.kind)
        sent += 1
    return sent


def send_digests(*, frequency: str, now: datetime | None = None) -> int:
    """Email each person who chose a digest everything not yet emailed, in one message."""
    if frequency not in (Delivery.DAILY, Delivery.WEEKLY):
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    now = now or timezone.now()
    window = timedelta(days=1 if frequency == Delivery.DAILY else 7)
    sent = 0
    preferences = NotificationPreference.objects.filter(delivery=frequency).select_related("user")
    kinds_by_user: dict[User, list[str]] = {}
    for preference in preferences:
        kinds_by_user.setdefault(preference.user, []).append(preference.kind)
    for user, kinds in kinds_by_user.items():
        waiting = list(
            Notification.objects.filter(
                recipient=user,
                kind__in=kinds,
                emailed_at__isnull=True,
                read_at__isnull=True,
                created_at__gte=now - window,
            )
        )
        if waiting:
            _send(user, waiting, f"Equity Hub: {len(waiting)} updates", "digest")
            sent += 1
    return sent
