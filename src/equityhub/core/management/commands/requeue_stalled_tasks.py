"""`equityhub requeue_stalled_tasks`: put back on the queue tasks whose worker died.

The database queue has no heartbeat: a worker killed mid-task (out of memory, a machine lost)
leaves its task marked running for ever. Our tasks are safe to run again (each write is one
transaction), so a task running for longer than TASK_STALLED_AFTER_SECONDS is made ready again,
and the next worker runs it. The scheduler runs this every ten minutes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def requeue_stalled(older_than_seconds: int) -> int:
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    stalled = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    return stalled.update(status=TaskResultStatus.READY, started_at=None)


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
