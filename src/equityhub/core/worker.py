"""The database-queue task worker, hardened: it outlives a busy or restarting database, ends a
task that runs past its time limit, retries a failed task a few times with growing waits, and
leaves a task that keeps failing in a dead-letter state (failed, with the reason) that
administrators see in the Django admin and on `/healthz?detail=1`.

It reuses django-tasks-db's pieces (the queue query, claiming, running and recording a task) and
replaces only the polling loop, whose library version exits on any database error other than
"locked" at the moment of claiming (on SQLite a write during a long request made it exit).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.utils import DatabaseError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from equityhub.core.task_health import record_poll

logger = logging.getLogger("equityhub.worker")

# Called with (task keyword arguments, reason) when a task is left failed for good, so the app
# that owns it can mark its own record failed (a return "checking" for ever helps nobody).
_dead_letter_handlers: dict[str, Callable[[dict[str, Any], str], None]] = {}


class TaskTimeLimitExceeded(BaseException):
    """Raised inside a task that ran past TASK_TIME_LIMIT_SECONDS.

    A BaseException, like KeyboardInterrupt, so a task's own `except Exception` cannot swallow it.
    """


def register_dead_letter_handler(
    task_path: str, handler: Callable[[dict[str, Any], str], None]
) -> None:
    _dead_letter_handlers[task_path] = handler


def retry_delay(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt: doubling from TASK_RETRY_DELAY_SECONDS."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_DELAY_SECONDS * 2 ** (attempts - 1))


def after_failure(result: DBTaskResult) -> None:
    """Run a failed task again later, or, when every attempt is used, leave it failed."""
    attempts = len(result.worker_ids)
    if attempts < settings.TASK_MAX_ATTEMPTS:
        result.status = TaskResultStatus.READY
        result.run_after = timezone.now() + retry_delay(attempts)
        result.started_at = result.finished_at = None
        result.save(update_fields=["status", "run_after", "started_at", "finished_at"])
        logger.warning("Task %s failed (attempt %d); retrying at %s", result.id, attempts,
                       result.run_after)  # fmt: skip
        return
    reason = result.traceback.strip().splitlines()[-1] if result.traceback else "failed"
    logger.error("Task %s failed %d times and is left failed: %s", result.id, attempts, reason)
    handler = _dead_letter_handlers.get(result.task_path)
    if handler is not None:
        handler(result.args_kwargs.get("kwargs", {}), f"failed {attempts} times: {reason}")


class Backoff:
    """Waits after a database error: doubling from `first` up to `cap`, reset after a success."""

    def __init__(self, first: float, cap: float) -> None:
        self.first, self.cap, self.current = first, cap, first

    def next(self) -> float:
        wait, self.current = self.current, min(self.current * 2, self.cap)
        return wait

    def reset(self) -> None:
        self.current = self.first


class ResilientWorker(Worker):
    """django-tasks-db's worker with our polling loop, time limit and retries."""

    stop_event: threading.Event

    def run(self) -> None:
        self.stop_event = threading.Event()
        backoff = Backoff(1.0, settings.WORKER_DATABASE_RETRY_MAX_SECONDS)
        logger.info("Worker %s polling every %s s", self.worker_id, self.interval)
        while self.running:
            try:
                claimed = self.claim_next()
                record_poll(self.worker_id)
                if claimed is not None:
                    self.run_task(claimed)
            except DatabaseError as error:
                if self.batch and backoff.current >= backoff.cap:
                    raise  # a one-off run reports a database that stays away, rather than wait
                wait = backoff.next()
                logger.warning("Database error (%s); polling again in %.0f s", error, wait)
                record_poll(self.worker_id, error=str(error))
                connections.close_all()
                self.stop_event.wait(wait)
                continue
            backoff.reset()
            if self.finished(claimed):
                return
            if claimed is None:
                self.stop_event.wait(self.interval)

    def finished(self, claimed: DBTaskResult | None) -> bool:
        if self.batch and claimed is None:
            return True
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def claim_next(self) -> DBTaskResult | None:
        close_old_connections()  # a connection the database dropped is replaced, not reused
        candidates = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            candidates = candidates.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            candidates = candidates.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(candidates.db):
            claimed = candidates.get_locked()
            if claimed is not None:
                claimed.claim(self.worker_id)
        return claimed

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with time_limit(settings.TASK_TIME_LIMIT_SECONDS):
            super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            after_failure(db_task_result)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if hasattr(self, "stop_event"):
            self.stop_event.set()  # wake a waiting loop at once
        super().shutdown(signum, frame)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise TaskTimeLimitExceeded in the main thread after `seconds` (SIGALRM; Linux, macOS)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TaskTimeLimitExceeded(f"the task ran longer than {seconds} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
