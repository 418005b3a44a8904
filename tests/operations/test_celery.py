"""Celery + Redis as the task backend: a task enqueued through Django's API runs in a worker.

Uses the Redis on localhost:6379 (a database number of its own). Skips when Redis is not
reachable, except in CI, where Redis is part of the environment and the test must run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13
ROOT = Path(__file__).resolve().parents[2]


def _redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def celery_env(tmp_path: Path) -> dict[str, str]:
    if not _redis_answers():
        message = f"Redis is not reachable on {REDIS_HOST}:{REDIS_PORT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: Redis must be running)")
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DEBUG="true",
        TASK_BACKEND="celery",
        REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        VAR_DIR=str(tmp_path),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return env


ENQUEUE = textwrap.dedent(
    """
    import json, os, time
    import django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")
    django.setup()
    from django.tasks import TaskResultStatus
    from tests.operations.celery_probe import add_and_report_worker

    result = add_and_report_worker.enqueue(2, 3)
    deadline = time.monotonic() + 60
    while result.status != TaskResultStatus.SUCCESSFUL and time.monotonic() < deadline:
        time.sleep(0.5)
        result.refresh()
    print(json.dumps({"status": str(result.status), "value": result.return_value,
                      "backend": type(add_and_report_worker.get_backend()).__name__,
                      "pid": os.getpid()}))
    """
)


def test_a_task_enqueued_through_django_runs_in_a_celery_worker(
    celery_env: dict[str, str],
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "equityhub.config.celery", "worker",
         "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle",
         "--include=tests.operations.celery_probe", "--loglevel=INFO"],
        env=celery_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        time.sleep(1)
        enqueued = subprocess.run(
            [sys.executable, "-c", ENQUEUE],
            env=celery_env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert enqueued.returncode == 0, enqueued.stderr + log
    import json

    answer = json.loads(enqueued.stdout.strip().splitlines()[-1])
    assert answer["backend"] == "CeleryBackend"
    assert answer["status"] == "SUCCESSFUL", log
    assert answer["value"]["sum"] == 5
    assert answer["value"]["pid"] == worker.pid, "ran in the worker, not in the caller"
