"""Operational housekeeping run by the scheduler: tasks whose worker died are run again."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.tasks import task

from equityhub.core.scheduler import register_periodic_job


@task()
def requeue_stalled_tasks_task() -> int:
    from equityhub.core.management.commands.requeue_stalled_tasks import requeue_stalled

    return requeue_stalled(settings.TASK_STALLED_AFTER_SECONDS)


def register_operations_jobs() -> None:
    if settings.TASK_BACKEND != "database":
        return  # Celery redelivers the tasks of a lost worker itself (late acknowledgement)
    register_periodic_job(
        "core.requeue-stalled-tasks",
        every=datetime.timedelta(minutes=1),
        enqueue=lambda: requeue_stalled_tasks_task.enqueue(),
    )
