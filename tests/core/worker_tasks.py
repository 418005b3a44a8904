"""Tasks for the worker tests: one that always fails, one that runs past any time limit."""

from __future__ import annotations

import time

from django.tasks import task


@task()
def always_fails() -> None:
    raise RuntimeError("the source system answered 500")


@task()
def runs_for_ever() -> None:
    try:
        while True:
            time.sleep(0.1)
    except Exception:  # a task's own catch-all must not swallow the time limit
        return None
