"""Periodic jobs: each app registers what should run and how often; the scheduler enqueues.

The scheduler only enqueues tasks (workers run them), and it records each job's last run in
the database so that a restart neither skips nor repeats a job, and two schedulers started by
mistake do not both enqueue the same run (the row is locked while it is checked).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from equityhub.core.models import ScheduledJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: datetime.timedelta
    enqueue: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register_periodic_job(
    name: str, *, every: datetime.timedelta, enqueue: Callable[[], object]
) -> None:
    _jobs[name] = PeriodicJob(name, every, enqueue)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def run_due_jobs(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job whose interval has passed; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        with transaction.atomic():
            run, _ = ScheduledJobRun.objects.select_for_update().get_or_create(name=job.name)
            if run.last_run_at is not None and run.last_run_at + job.every > now:
                continue
            job.enqueue()
            run.last_run_at = now
            run.save(update_fields=["last_run_at"])
        enqueued.append(job.name)
    return enqueued
