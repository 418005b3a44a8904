"""Background tasks of people: account emails (verification, invitations)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task


@task()
def send_account_email(subject: str, body: str, to: str) -> int:
    """Send one plain-text account email (links in it are single-person, so one recipient)."""
    return send_mail(subject, body, None, [to])
