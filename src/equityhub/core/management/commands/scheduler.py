"""Run periodic jobs: every interval, enqueue the jobs that are due."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from equityhub.core.scheduler import run_due_jobs


class Command(BaseCommand):
    help = "Enqueue periodic background jobs when they are due (runs until stopped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")

    def handle(self, *args: Any, interval: int, once: bool, **options: Any) -> None:
        if interval < 1:
            self.stderr.write("--interval must be at least 1 second")
            raise SystemExit(2)
        while True:
            for name in run_due_jobs():
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            time.sleep(interval)
