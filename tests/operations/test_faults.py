"""Faults, each against a private PostgreSQL cluster the test starts (never the shared one).

- The database stops and restarts under a running server: a clean error page while it is
  down, then the next request succeeds without restarting the server.
- A task worker is killed in the middle of recomputing an import: nothing is half-written, and
  the task runs again to completion once requeued.

Storage refusing a write is in test_hardening.py (the quota; it needs no database fault).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.operations.pgcluster import Cluster

# The tests use their own cluster whatever DATABASE_URL says; minutes long, so they run with
# `make test-hardening`, not `make test`.
pytestmark = [pytest.mark.own_database, pytest.mark.hardening]

ROOT = Path(__file__).resolve().parents[2]
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def _env(cluster: Cluster, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.operations.fault_settings",
        DATABASE_URL=cluster.url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",  # the test server speaks plain HTTP
        FAULT_NO_MIGRATIONS="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **extra,
    )
    return env


def _run(cluster: Cluster, *command: str) -> str:
    result = subprocess.run(
        [sys.executable, *command], env=_env(cluster), cwd=ROOT,
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if not Cluster.available():
        message = "initdb and pg_ctl are not on PATH"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Its own folder straight under the temporary directory: the server may run as the
    # postgres user, who cannot enter pytest's private folders.
    private = Cluster(Path(tempfile.mkdtemp(prefix="equityhub-pg-")))
    try:
        private.create()
        _run(private, "-m", "equityhub.cli", "migrate", "--run-syncdb", "-v0")
        yield private
    finally:
        private.stop("immediate")
        shutil.rmtree(private.folder, ignore_errors=True)


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


@pytest.fixture
def server(cluster: Cluster) -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "equityhub.config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4", "--worker-class", "gthread"],
        env=_env(cluster), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while _get(port, "/healthz")[0] != 200:
            assert time.monotonic() < deadline and web.poll() is None, "server did not start"
            time.sleep(0.3)
        yield port
    finally:
        web.terminate()
        web.wait(timeout=20)


def test_database_restart_gives_a_clean_error_then_recovers(cluster: Cluster, server: int) -> None:
    assert _get(server, "/indicators/registry/")[0] == 200  # opens a persistent connection
    answers: list[int] = []

    def keep_asking() -> None:
        for _ in range(30):
            answers.append(_get(server, "/indicators/registry/")[0])

    asking = threading.Thread(target=keep_asking)
    asking.start()
    cluster.stop("immediate")  # mid-request for some of them
    cluster.wait_until_down()
    down_status, down_page = _get(server, "/indicators/registry/")
    health = _get(server, "/healthz")
    cluster.start()
    asking.join(120)
    assert down_status == 500
    assert "Sorry, there is a problem with the service" in down_page
    assert "Traceback" not in down_page and "OperationalError" not in down_page
    assert health == (503, "database unavailable")
    assert set(answers) <= {200, 500}, "every answer is a page, never a dropped connection"
    assert _get(server, "/indicators/registry/")[0] == 200, "recovers without a server restart"
    assert _get(server, "/healthz")[0] == 200


def _state(cluster: Cluster) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(
        _run(cluster, "-m", "tests.operations.fault_scripts", "state").strip().splitlines()[-1]
    )
    return answer


def _task_statuses(connection: Any) -> list[str]:
    rows = connection.execute(f"SELECT status FROM {TASKS_TABLE} ORDER BY enqueued_at").fetchall()
    return [row[0] for row in rows]


def test_a_worker_killed_mid_import_leaves_nothing_partial_and_the_task_reruns(
    cluster: Cluster,
) -> None:
    import psycopg

    worker = ["-m", "equityhub.cli", "db_worker", "--batch", "--no-startup-delay"]
    _run(cluster, "-m", "tests.operations.fault_scripts", "seed")
    _run(cluster, *worker)
    before = _state(cluster)
    assert before["results"] > 0 and before["tasks"] == ["SUCCESSFUL"]

    _run(cluster, "-m", "tests.operations.fault_scripts", "commit")  # enqueues the recompute
    url = cluster.url.replace("postgres://", "postgresql://")
    with psycopg.connect(url) as blocker, blocker.transaction():
        # Hold the results table so the worker stops in the middle of its transaction.
        blocker.execute("LOCK TABLE indicators_result IN ACCESS EXCLUSIVE MODE")
        running = subprocess.Popen(
            [sys.executable, "-m", "equityhub.cli", "db_worker", "--no-startup-delay"],
            env=_env(cluster), cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        with psycopg.connect(url) as watch:
            watch.autocommit = True
            deadline = time.monotonic() + 60
            while "RUNNING" not in _task_statuses(watch):
                assert time.monotonic() < deadline, "the worker never started the task"
                time.sleep(0.2)
            time.sleep(1)  # inside the task, waiting on the table
            os.kill(running.pid, signal.SIGKILL)
            running.wait(timeout=10)
    after_kill = _state(cluster)
    assert after_kill["values"] == before["values"], "the old results are whole"
    assert after_kill["results"] == before["results"]
    assert "RUNNING" in after_kill["tasks"]

    requeued = _run(cluster, "-m", "equityhub.cli", "requeue_stalled_tasks", "--older-than", "0")
    assert "Requeued 1 stalled task(s)." in requeued
    _run(cluster, *worker)
    final = _state(cluster)
    assert final["tasks"] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert final["results"] == before["results"]
    assert final["values"] != before["values"], "the new return's figures are in"
