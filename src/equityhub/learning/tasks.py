"""Background tasks of learning: the retention purge (run daily by the scheduler)."""

from __future__ import annotations

from django.tasks import task

from equityhub.learning import retention


@task()
def purge_expired_notes() -> int:
    return len(retention.notes_purge())
