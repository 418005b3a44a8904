"""Messaging a cohort through the notification system.

Everyone in the cohort gets the message in the app; it is emailed as each person chose
(straight away, in a digest, or not at all), and every email carries a one-click unsubscribe
link for this kind of message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.notifications import notify, register_notification_kind
from equityhub.learning.programme.cohorts import Cohort

COHORT_KIND = "learning.cohort"
register_notification_kind(
    COHORT_KIND, "Messages to groups you belong to: sets, communities, collaboratives and events"
)
SUBJECT_MAX = 150
BODY_MAX = 5000


def _check(subject: str, body: str) -> None:
    errors = {}
    if not subject:
        errors["subject"] = "Enter a subject"
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"Keep the subject to {SUBJECT_MAX} characters"
    if not body:
        errors["body"] = "Enter a message"
    elif len(body) > BODY_MAX:
        errors["body"] = f"Keep the message to {BODY_MAX} characters"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_message(
    *, by: User, cohort: Cohort, subject: str, body: str, request: HttpRequest | None = None
) -> int:
    """Send a message to everyone in the cohort but the sender; the number reached."""
    subject, body = subject.strip(), body.strip()
    _check(subject, body)
    recipients = [user for user in cohort.recipients if user.pk != by.pk]
    if not recipients:
        raise ValidationError(f"Nobody to message: {cohort.name} has no {cohort.who} yet")
    notify(
        recipients=recipients,
        kind=COHORT_KIND,
        title=f"{cohort.name}: {subject}",
        body=f"{body}\n\nFrom {by}",
        link=cohort.link,
    )
    audit_record(
        action="learning.cohort.message",
        actor=by,
        detail={"cohort": cohort.kind, "name": cohort.name, "recipients": len(recipients)},
        request=request,
    )
    return len(recipients)
