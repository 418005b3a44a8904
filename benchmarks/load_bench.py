"""(load_mix) A realistic mix: 50 signed-in users for 5 minutes on the demo, on PostgreSQL.

Each user signs in once, then browses (home, library search, a resource, the dashboard, an
indicator page, learning) with about a second between pages, and uploads a data return every 10
minutes (`equityhub.tools.load`), against gunicorn and a task worker on this machine
(`equityhub.tools.load_stack`, DEBUG off). The demo is loaded into the database named by
``EQUITYHUB_BENCH_LOAD_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
equityhub_load_bench``, created when missing; the demo command leaves what is there).

There is no floor: the goal is no server error and no unanswered request, and each page type's
95th percentile. Reported: one line per page type, its p95 against its own median (the ratio
says how far the slowest twentieth strays), and the failed requests (5xx or no answer within
the timeout) against all requests. ``EQUITYHUB_BENCH_SCALE`` scales users and duration
(at least 3 users for 30 s).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks._timing import Entry, parse_line, scale, sized
from benchmarks.dashboard_bench import free_port

USERS = sized(50, minimum=3)
SECONDS = max(30.0, 300 * scale())
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/equityhub_load_bench"


def _environment() -> dict[str, str]:
    secret = os.environ.get("EQUITYHUB_BENCH_SECRET_KEY") or secrets.token_urlsafe(40)
    return {
        "DATABASE_URL": os.environ.get("EQUITYHUB_BENCH_LOAD_DATABASE_URL", DEFAULT_URL),
        "DEBUG": "false",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DEMO_PASSWORD": os.environ.get("EQUITYHUB_BENCH_DEMO_PASSWORD") or secrets.token_hex(12),
        "DJANGO_SETTINGS_MODULE": "equityhub.config.settings",
    }


def _manage(*command: str) -> str:
    # The demo loads well-known passwords, so it runs only with DEBUG on; the server does not.
    done = subprocess.run(
        [sys.executable, "-m", "equityhub.cli", *command],
        env={**os.environ, "DEBUG": "true"}, capture_output=True, text=True, check=True,
        timeout=1800,
    )  # fmt: skip
    return done.stdout


def _lead() -> str:
    """The demo loaded (or brought up to date), static files collected; the lead's e-mail."""
    _manage("migrate", "--noinput")
    shown = _manage("demo")
    if not (Path.cwd() / "staticfiles" / "staticfiles.json").exists():
        _manage("buildcss")
        _manage("collectstatic", "--noinput")
    found = re.search(r"Demo sign-in \(lead\): (\S+) /", shown)
    if found is None:
        raise RuntimeError(f"the demo named no lead:\n{shown[-2000:]}")
    return found[1]


def _lines(report: dict[str, Any]) -> list[str]:
    users = report["users"]
    lines = []
    for journey, figures in report["journeys"].items():
        slug = re.sub(r"\W+", "_", journey).strip("_")
        p95, median = max(figures["p95_ms"], 0.1), max(figures["median_ms"], 0.1)
        lines.append(
            f"bench load_mix_{slug}_p95_{users}_users: {p95:,} ms | "
            f"baseline load_mix_{slug}_median: {median:,} ms | {median / p95:.3g} x"
        )
    failed = report["server_errors"] + report["no_answer"]
    lines.append(
        f"bench load_mix_failed_requests: {failed} requests | "
        f"baseline load_mix_all_requests: {report['requests']} requests | "
        f"{failed / max(report['requests'], 1):.3g} x"
    )
    return lines


def _measure() -> list[str]:
    """In a process whose environment names the bench database: load, serve, drive, report."""
    from equityhub.tools.load import parse, print_report, run
    from equityhub.tools.load_stack import Stack

    email = _lead()
    port = free_port()
    args = parse(
        ["--base-url", f"http://127.0.0.1:{port}", "--users", str(USERS),
         "--duration", str(SECONDS), "--ramp", str(min(30.0, SECONDS / 3)),
         "--email", email, "--password", os.environ["DEMO_PASSWORD"]]
    )  # fmt: skip
    with Stack(port=port, web_workers=2):
        report = run(args)
    print_report(report)
    return _lines(report)


def run() -> list[Entry]:
    """Run in a fresh process: Django settings (database, DEBUG off) are fixed per process."""
    from equityhub.tools.wait_for_database import database_answers

    env = _environment()
    problem = database_answers(env["DATABASE_URL"], attempts=2)
    if problem:
        reason = f"PostgreSQL did not answer ({problem})"
        return [Entry("load_mix", USERS, "users", skipped=reason)]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_bench"],
        env={**os.environ, **env}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if child.returncode != 0:
        raise RuntimeError(f"the load benchmark failed:\n{child.stderr[-3000:]}")
    lines = child.stdout.splitlines()
    report = [line for line in lines if not line.startswith("bench ")]
    print("\n".join(report), file=sys.stderr)  # the load tool's own report, per page type
    return [
        parse_line(line, size=USERS, size_unit="users")
        for line in lines
        if line.startswith("bench ")
    ]


if __name__ == "__main__":
    print("\n".join(_measure()), flush=True)
