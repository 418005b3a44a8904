"""`equityhub requeue_stalled_tasks`: put back on the queue tasks whose worker died.

The database queue has no heartbeat: a worker killed mid-task (out of memory, a machine lost)
leaves its task marked running for ever. Our tasks are safe to run again (each write is one
transaction), so a task running for longer than TASK_STALLED_AFTER_SECONDS (a little over the
task time limit, so only a lost worker's task qualifies) is made ready again, and the next worker
runs it; after TASK_MAX_ATTEMPTS lost workers it is left failed with the reason. The scheduler
runs this every minute.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from equityhub.core.worker import after_failure


def requeue_stalled(older_than_seconds: int) -> int:
    """Make stalled tasks ready again; one whose worker was lost on every attempt stays failed."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    requeued = 0
    for result in stalled:
        if len(result.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
            _leave_failed(result)
            continue
        result.status, result.started_at = TaskResultStatus.READY, None
        result.save(update_fields=["status", "started_at"])
        requeued += 1
    return requeued


def _leave_failed(result: DBTaskResult) -> None:
    result.status, result.finished_at = TaskResultStatus.FAILED, timezone.now()
    result.exception_class_path = "equityhub.core.worker.WorkerLost"
    result.traceback = (
        f"WorkerLost: the worker running this task stopped (killed, out of memory or lost) on "
        f"each of {len(result.worker_ids)} attempts"
    )
    result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    after_failure(result)


class Command(BaseCommand):
    help = "Make tasks that have been running too long (their worker died) ready to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds a task may run (default TASK_STALLED_AFTER_SECONDS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["older_than"]
        if seconds is None:
            seconds = settings.TASK_STALLED_AFTER_SECONDS
        count = requeue_stalled(seconds)
        self.stdout.write(f"Requeued {count} stalled task(s).")
