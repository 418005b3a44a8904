"""Retention as a scheduled job: accounts unused for the set period are deleted."""

from __future__ import annotations

import datetime

from django.tasks import task

from equityhub.core.privacy.services import erase_inactive_accounts
from equityhub.core.scheduler import register_periodic_job


@task()
def erase_inactive_accounts_task() -> int:
    return len(erase_inactive_accounts())


def register_retention_jobs() -> None:
    register_periodic_job(
        "core.inactive-accounts",
        every=datetime.timedelta(days=1),
        enqueue=lambda: erase_inactive_accounts_task.enqueue(),
    )
