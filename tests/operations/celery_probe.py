"""A task for the Celery test: it runs in a separate worker process and touches no database."""

from __future__ import annotations

import os

from django.tasks import task


@task()
def add_and_report_worker(a: int, b: int) -> dict[str, int]:
    return {"sum": a + b, "pid": os.getpid()}
