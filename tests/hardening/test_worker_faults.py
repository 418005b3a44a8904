"""Worker faults, each on a real server and database started by the test (`make test-hardening`).

- SQLite busy, as seen in the review: the worker meets "database is locked" and carries on
  polling (same process); killed outright, `serve` starts it again while the pages keep answering.
- The worker is killed in the middle of checking a large import: nothing is stored, the return
  still says "checking", and once the stalled task is requeued it finishes the check.
- PostgreSQL stops and starts again under a running worker: the worker waits and carries on.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.operations.pgcluster import Cluster
from tests.operations.test_faults import ROOT, _env, _get, _run, _task_statuses, cluster

pytestmark = pytest.mark.hardening
__all__ = ["cluster"]  # the private PostgreSQL cluster fixture, shared with test_faults


def _step(cluster: Cluster, step: str) -> dict[str, Any]:
    """Run one step of tests/operations/fault_scripts.py; its JSON answer is the last line."""
    out = _run(cluster, "-m", "tests.operations.fault_scripts", step)
    answer: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return answer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _heartbeat(path: Path) -> dict[str, Any]:
    try:
        answer: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return answer


def _wait_for(condition: Any, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.3)


@pytest.fixture
def sqlite_serve(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    """`equityhub serve` (web, worker, scheduler) on a fresh SQLite file."""
    database, heartbeat = tmp_path / "site.sqlite3", tmp_path / "heartbeat.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.operations.fault_settings", FAULT_NO_MIGRATIONS="1",
        DEBUG="true", DATABASE_URL=f"sqlite:///{database}", VAR_DIR=str(tmp_path),
        SQLITE_BUSY_TIMEOUT_SECONDS="1", WORKER_HEARTBEAT_FILE=str(heartbeat),
        WORKER_DATABASE_RETRY_MAX_SECONDS="2",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "equityhub.cli", "migrate", "--run-syncdb", "-v0"],
        env=env, cwd=ROOT, check=True, timeout=300,
    )  # fmt: skip
    port = _free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "equityhub.cli", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(lambda: _get(port, "/healthz")[0] == 200, "the site to answer")
        _wait_for(lambda: _heartbeat(heartbeat).get("pid"), "the worker's first poll")
        yield port, database, heartbeat
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)


def test_a_busy_sqlite_database_does_not_stop_the_worker_and_serve_restarts_a_killed_one(
    sqlite_serve: tuple[int, Path, Path],
) -> None:
    port, database, heartbeat = sqlite_serve
    worker_pid = _heartbeat(heartbeat)["pid"]

    blocker = sqlite3.connect(database, timeout=1, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # as a long write elsewhere would
    try:
        _wait_for(lambda: "locked" in _heartbeat(heartbeat).get("error", ""), "a locked poll")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    _wait_for(lambda: not _heartbeat(heartbeat).get("error"), "a clean poll after the lock")
    assert _heartbeat(heartbeat)["pid"] == worker_pid, "the same worker carried on"

    os.kill(worker_pid, signal.SIGKILL)
    answers = []
    deadline = time.monotonic() + 60
    while _heartbeat(heartbeat).get("pid") in (worker_pid, None):
        assert time.monotonic() < deadline, "serve did not start the worker again"
        answers.append(_get(port, "/healthz")[0])
        time.sleep(0.3)
    assert set(answers) <= {200}, "the pages kept answering while the worker was down"
    detail = json.loads(_get(port, "/healthz?detail=1")[1])
    assert detail["worker"]["age_seconds"] < 60 and detail["dead_letters"] == 0


def test_a_worker_killed_mid_check_of_an_import_stores_nothing_and_the_check_resumes(
    cluster: Cluster,
) -> None:
    import psycopg

    _run(cluster, "-m", "tests.operations.fault_scripts", "seed")
    _run(cluster, "-m", "equityhub.cli", "db_worker", "--batch", "--no-startup-delay")
    _run(cluster, "-m", "tests.operations.fault_scripts", "queue_large")
    url = cluster.url.replace("postgres://", "postgresql://")
    with psycopg.connect(url) as blocker, blocker.transaction():
        # Hold the returns table so the worker stops inside the check, then kill it there.
        blocker.execute("LOCK TABLE indicators_datareturn IN ACCESS EXCLUSIVE MODE")
        running = subprocess.Popen(
            [sys.executable, "-m", "equityhub.cli", "db_worker", "--no-startup-delay"],
            env=_env(cluster), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        with psycopg.connect(url) as watch:
            watch.autocommit = True
            _wait_for(lambda: "RUNNING" in _task_statuses(watch), "the worker to start the check")
            time.sleep(1)  # inside the task, waiting on the table
            os.kill(running.pid, signal.SIGKILL)
            running.wait(timeout=10)
    state = _step(cluster, "return_state")
    assert state["status"] == "checking" and state["points_of_return"] == 0

    requeued = _run(cluster, "-m", "equityhub.cli", "requeue_stalled_tasks", "--older-than", "0")
    assert "Requeued 1 stalled task(s)." in requeued
    _run(cluster, "-m", "equityhub.cli", "db_worker", "--batch", "--no-startup-delay")
    state = _step(cluster, "return_state")
    assert state["status"] == "preview" and state["rows"] == 11, state
    assert state["points_of_return"] == 0, "nothing is stored before the lead commits"


def test_the_worker_outlives_a_postgresql_restart(cluster: Cluster, tmp_path: Path) -> None:
    if not _step(cluster, "state")["results"]:
        _run(cluster, "-m", "tests.operations.fault_scripts", "seed")
    heartbeat = tmp_path / "heartbeat.json"
    worker = subprocess.Popen(
        [sys.executable, "-m", "equityhub.cli", "db_worker", "--no-startup-delay"],
        env=_env(cluster, WORKER_HEARTBEAT_FILE=str(heartbeat),
                 WORKER_DATABASE_RETRY_MAX_SECONDS="2"),
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(lambda: _heartbeat(heartbeat).get("pid"), "the worker's first poll")
        cluster.stop("immediate")
        cluster.wait_until_down()
        _wait_for(lambda: _heartbeat(heartbeat).get("error"), "a poll that met the outage")
        assert worker.poll() is None, "the worker is still running with the database down"
        cluster.start()
        _wait_for(lambda: not _heartbeat(heartbeat).get("error"), "a clean poll after restart")
        assert worker.poll() is None
        _run(cluster, "-m", "tests.operations.fault_scripts", "queue_large")
        _wait_for(
            lambda: _step(cluster, "return_state")["status"] != "checking",
            "the running worker to check a new import",
        )
    finally:
        worker.terminate()
        worker.wait(timeout=20)
