"""`equityhub db_worker`: django-tasks-db's worker command with our hardened worker.

Same options as the library's command (this one takes its place because core comes first in
INSTALLED_APPS); the worker itself is `equityhub.core.worker.ResilientWorker`.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from equityhub.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Run the database task worker: survives database errors (retrying with backoff), limits "
        "each task's time, retries failed tasks and leaves those that keep failing for an "
        "administrator."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The library's command builds its Worker by name from its module; point that name at
        # ours for the length of this command, so every option keeps its meaning.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
