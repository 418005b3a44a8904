"""Background tasks of core: notification emails and digests."""

from __future__ import annotations

from django.tasks import task

from equityhub.core import notifications


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    return notifications.send_immediate(notification_ids)


@task()
def send_digest_emails(frequency: str) -> int:
    return notifications.send_digests(frequency=frequency)
