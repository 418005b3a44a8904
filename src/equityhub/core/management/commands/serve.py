"""Serve the site together with the background worker and the scheduler.

One command, three processes; Ctrl-C (or SIGTERM) stops all three. A process that exits is
started again (see core/supervisor.py), so a worker crash never takes the pages down. With DEBUG
on the web process is Django's development server; otherwise gunicorn.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from equityhub.core.supervisor import Supervisor


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


def served_url(port: int, host: str) -> str:
    """The address links should carry when SITE_URL is not set: the one being served."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}"


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, port: int, host: str, **options: Any) -> None:
        # The worker and scheduler write e-mails and digests outside any request: give them
        # the address served (settings read it when SITE_URL is not set).
        os.environ["EQUITYHUB_SERVED_URL"] = served_url(port, host)
        supervisor = Supervisor(_commands(port, host), say=self.stderr.write)
        supervisor.start()
        self.stdout.write(f"Equity Hub is running at http://{host}:{port} (Ctrl-C stops it)")
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            while True:
                supervisor.check()
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("Stopping…")
        finally:
            supervisor.stop()
