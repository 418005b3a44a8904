"""Serve the site together with the background worker and the scheduler.

One command, three processes; Ctrl-C (or SIGTERM) stops all three. With DEBUG on the web
process is Django's development server; otherwise gunicorn.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


def _commands(port: int, host: str) -> dict[str, list[str]]:
    python = [sys.executable, "-m", "equityhub.cli"]
    if settings.DEBUG:
        web = [*python, "runserver", f"{host}:{port}", "--noreload"]
    else:
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "equityhub.config.wsgi",
            "--bind",
            f"{host}:{port}",
        ]
    return {
        "web": web,
        "worker": [*python, "db_worker", "--interval", "1", "--no-reload"],
        "scheduler": [*python, "scheduler"],
    }


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, port: int, host: str, **options: Any) -> None:
        processes = {
            name: subprocess.Popen(command) for name, command in _commands(port, host).items()
        }
        self.stdout.write(f"Equity Hub is running at http://{host}:{port} (Ctrl-C stops it)")
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, process in processes.items() if process.poll() is not None]
            self.stderr.write(f"Stopped because {', '.join(stopped)} exited.")
        except KeyboardInterrupt:
            self.stdout.write("Stopping…")
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
