"""Retention: what people wrote in a set is deleted a set time after the set closes.

The set agrees the period (default 12 months). When it has passed, the issues, questions,
reflections, actions and what was learned are blanked; the skeleton stays (meetings, who
presented, attendance) so that participation can still be counted, never read.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from equityhub.core.audit import audit_record
from equityhub.learning.sets.models import Action, LearningSet, Presentation, SetStatus


def purge_due_at(learning_set: LearningSet) -> datetime.datetime | None:
    """When the set's notes are deleted (None while the set is still running)."""
    if learning_set.status != SetStatus.CLOSED or learning_set.closed_at is None:
        return None
    return learning_set.closed_at + relativedelta(months=learning_set.retention_months)


@transaction.atomic
def notes_purge(*, now: datetime.datetime | None = None) -> list[LearningSet]:
    """Delete the notes of every closed set whose retention period has passed."""
    now = now or timezone.now()
    closed = LearningSet.objects.filter(
        status=SetStatus.CLOSED, closed_at__isnull=False, notes_purged_at__isnull=True
    ).select_for_update()
    purged = []
    for learning_set in closed:
        due = purge_due_at(learning_set)
        if due is None or due > now:
            continue
        presentations = Presentation.objects.filter(meeting__learning_set=learning_set)
        presentations.update(issue="", questions="", reflections="")
        Action.objects.filter(presentation__in=presentations).update(
            text="(deleted after the retention period)", learned=""
        )
        learning_set.notes_purged_at = now
        learning_set.save(update_fields=["notes_purged_at"])
        audit_record(
            action="learning.retention.purge",
            target=learning_set,
            actor_label="system",
            detail={"retention_months": learning_set.retention_months},
        )
        purged.append(learning_set)
    return purged
