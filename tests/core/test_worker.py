"""The hardened task worker: time limits, capped retries with backoff, dead letters that an
administrator sees, stalled tasks reclaimed, `/healthz` reporting the last poll, and `serve`
restarting a process that exits. Runs the real worker loop on the test database."""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from equityhub.core.management.commands.requeue_stalled_tasks import requeue_stalled
from equityhub.core.supervisor import Supervisor
from equityhub.core.task_health import record_poll
from equityhub.core.worker import ResilientWorker

# Transactional: the worker runs outside any transaction, as in production (inside the test's
# transaction, its check for broken connections would close the connection under it).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings: Any, tmp_path: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_HEARTBEAT_FILE = tmp_path / "worker-heartbeat.json"


def enqueue(task_path: str, **kwargs: Any) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": kwargs},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
    )


def run_worker() -> None:
    ResilientWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


def test_a_failing_task_is_retried_then_left_failed(settings: Any) -> None:
    settings.TASK_MAX_ATTEMPTS, settings.TASK_RETRY_DELAY_SECONDS = 3, 0
    result = enqueue("tests.core.worker_tasks.always_fails")
    run_worker()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert len(result.worker_ids) == 3, "three attempts, then no more"
    assert "the source system answered 500" in result.traceback


def test_the_wait_before_a_retry_doubles(settings: Any) -> None:
    settings.TASK_MAX_ATTEMPTS, settings.TASK_RETRY_DELAY_SECONDS = 5, 30
    result = enqueue("tests.core.worker_tasks.always_fails")
    run_worker()  # runs it once; the retry is not due yet, so the batch ends
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    first_wait = result.run_after - timezone.now()
    assert datetime.timedelta(seconds=20) < first_wait <= datetime.timedelta(seconds=30)
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now())
    run_worker()
    result.refresh_from_db()
    second_wait = result.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < second_wait <= datetime.timedelta(seconds=60)


def test_a_task_past_its_time_limit_is_stopped(settings: Any) -> None:
    settings.TASK_TIME_LIMIT_SECONDS, settings.TASK_MAX_ATTEMPTS = 1, 1
    result = enqueue("tests.core.worker_tasks.runs_for_ever")
    run_worker()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "equityhub.core.worker.TaskTimeLimitExceeded"
    assert "ran longer than 1 s" in result.traceback


def test_a_stalled_task_is_requeued_and_one_lost_every_time_is_given_up(
    settings: Any, registry: None, organisation: Any, personas: dict[str, Any]
) -> None:
    from equityhub.indicators.models import DataReturn, ReturnStatus

    settings.TASK_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    once = enqueue("tests.core.worker_tasks.always_fails")
    DBTaskResult.objects.filter(pk=once.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["a"]
    )
    checking = DataReturn.objects.create(
        organisation=organisation, uploaded_by=personas["member"], filename="big.xlsx",
        file_format="checking", status=ReturnStatus.CHECKING, upload_content=b"PK",
    )  # fmt: skip
    lost = enqueue("equityhub.indicators.tasks.check_return", data_return_id=checking.pk)
    DBTaskResult.objects.filter(pk=lost.pk).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["a", "b", "c"]
    )
    assert requeue_stalled(60) == 1
    once.refresh_from_db()
    lost.refresh_from_db()
    checking.refresh_from_db()
    assert once.status == TaskResultStatus.READY
    assert lost.status == TaskResultStatus.FAILED
    assert "stopped (killed, out of memory or lost) on each of 3 attempts" in lost.traceback
    assert checking.status == ReturnStatus.FAILED
    assert checking.upload_content is None
    assert "could not finish" in checking.problems[0]


@pytest.fixture
def registry(db: None) -> None:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()


def test_healthz_reports_the_last_poll_and_the_dead_letters(client: Client, settings: Any) -> None:
    settings.TASK_MAX_ATTEMPTS, settings.TASK_RETRY_DELAY_SECONDS = 1, 0
    assert "X-Worker-Last-Poll" not in client.get("/healthz").headers
    enqueue("tests.core.worker_tasks.always_fails")
    run_worker()
    plain = client.get("/healthz")
    assert plain.content == b"ok"
    assert plain.headers["X-Worker-Last-Poll"]
    detail = client.get("/healthz?detail=1").json()
    assert detail["dead_letters"] == 1
    assert detail["worker"]["age_seconds"] >= 0
    assert detail["worker"]["database_error"] is False
    record_poll("w", error="database is locked")
    assert client.get("/healthz?detail=1").json()["worker"]["database_error"] is True


def test_the_supervisor_restarts_a_process_that_exits_and_leaves_the_others_running() -> None:
    said: list[str] = []
    supervisor = Supervisor(
        {
            "web": [sys.executable, "-c", "import time; time.sleep(120)"],
            "worker": [sys.executable, "-c", "import sys; sys.exit(3)"],
        },
        say=said.append,
    )
    supervisor.start()
    web, worker = supervisor.children
    first_web = web.pid
    try:
        deadline = time.monotonic() + 60
        while worker.restarts < 2:
            assert time.monotonic() < deadline, said
            supervisor.check()
            time.sleep(0.1)
        assert web.pid == first_web and web.process is not None and web.process.poll() is None
        assert worker.history[:2] == [3, 3]
        assert said[0] == "worker exited with code 3; starting it again in 1 s"
        assert said[1] == "worker exited with code 3; starting it again in 2 s"
    finally:
        supervisor.stop()


def test_db_worker_is_the_hardened_worker() -> None:
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "equityhub.core"  # not django_tasks_db's own loop
