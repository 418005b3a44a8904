"""Start gunicorn and a task worker on the loopback interface, for the load test.

Uses the current environment (DATABASE_URL, SECRET_KEY, ...). Static files must have been
collected (`equityhub collectstatic`) when DEBUG is off.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from types import TracebackType


class Stack:
    def __init__(self, *, port: int, web_workers: int = 4, threads: int = 4) -> None:
        self.port = port
        python = [sys.executable, "-m"]
        self.commands = {
            "web": [
                *python, "gunicorn", "equityhub.config.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers),
                "--threads", str(threads), "--worker-class", "gthread", "--timeout", "120",
            ],
            "worker": [*python, "equityhub.cli", "db_worker", "--interval", "1", "--no-reload"],
        }  # fmt: skip
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.log = open(f"/tmp/equityhub-load-{port}.log", "wb")  # noqa: SIM115

    def __enter__(self) -> Stack:
        for name, command in self.commands.items():
            self.processes[name] = subprocess.Popen(
                command, stdout=self.log, stderr=subprocess.STDOUT
            )
        self.wait_healthy()
        return self

    def wait_healthy(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/healthz"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if any(process.poll() is not None for process in self.processes.values()):
                break
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"The server did not become healthy; see {self.log.name}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
