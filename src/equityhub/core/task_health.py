"""What the task worker last did, for `/healthz`: its last poll (a file it rewrites on each
poll, so recording it costs the database nothing) and the tasks left failed for good."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def heartbeat_path() -> Path:
    return Path(settings.WORKER_HEARTBEAT_FILE)


def record_poll(worker_id: str, error: str = "") -> None:
    """Write when the worker last asked the queue for work (atomically: write, then rename)."""
    path = heartbeat_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "worker_id": worker_id,
        "pid": os.getpid(),
        "last_poll": timezone.now().isoformat(),
        "error": error,
    }
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(state))
    partial.replace(path)


def last_poll() -> dict[str, Any] | None:
    """The worker's last poll as recorded, with its age in seconds; None if never recorded."""
    try:
        state: dict[str, Any] = json.loads(heartbeat_path().read_text())
    except (OSError, ValueError):
        return None
    polled = datetime.datetime.fromisoformat(state["last_poll"])
    state["age_seconds"] = round((timezone.now() - polled).total_seconds(), 1)
    return state


def dead_letters() -> Any:
    """Tasks left failed for good: every attempt used (the admin lists them under Tasks)."""
    return DBTaskResult.objects.failed()


def health_detail() -> dict[str, Any]:
    """What `/healthz?detail=1` shows: the worker's last poll and the dead letters (no secrets:
    the page is public, so no error text, only whether the last poll met a database error)."""
    poll = last_poll()
    worker = None
    if poll is not None:
        worker = {
            "last_poll": poll["last_poll"],
            "age_seconds": poll["age_seconds"],
            "database_error": bool(poll.get("error")),
        }
    return {
        "database": "ok",
        "task_backend": settings.TASK_BACKEND,
        "worker": worker,
        "dead_letters": dead_letters().count(),
    }
