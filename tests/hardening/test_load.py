"""Load with attacks: simulated users on gunicorn + PostgreSQL while an attacker uploads hostile
spreadsheets, with no server error and no unanswered request (`make test-hardening`).

50 users for 5 minutes by default; HARDENING_LOAD_USERS and HARDENING_LOAD_SECONDS change that,
and HARDENING_REPORT names a file for the JSON report (figures: docs/operations/hardening.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from equityhub.tools.load import parse, print_report, run
from equityhub.tools.load_stack import Stack
from tests.indicators.xlsx_files import shared_string_amplifier, sheet_xml, workbook
from tests.operations.pgcluster import Cluster
from tests.operations.test_faults import ROOT, _env, cluster

pytestmark = pytest.mark.hardening
__all__ = ["cluster"]

DEMO_PASSWORD = "a-long-demo-password-for-the-load-test"
HOSTILE = {
    "dimension.xlsx": workbook(sheet_xml([["a"]], dimension="A1:XFD1048576")),
    "ratio.xlsx": workbook(sheet_xml([["a"]]), padding=5_000_000),
    "amplifier.xlsx": shared_string_amplifier(900_000, 5000),
}


def _demo_account(cluster: Cluster) -> tuple[str, str]:
    env = _env(cluster)
    env.update(DEBUG="true", DEMO_PASSWORD=DEMO_PASSWORD)
    done = subprocess.run(
        [sys.executable, "-m", "equityhub.cli", "demo"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=1200, check=True,
    )  # fmt: skip
    found = re.search(r"Demo sign-in \(lead\): (\S+) / (\S+)", done.stdout)
    assert found, done.stdout
    return found[1], found[2]


@pytest.fixture
def stack(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, str, str]]:
    email, password = _demo_account(cluster)
    for key in [k for k in os.environ if k.startswith(("DJANGO", "PYTEST"))]:
        monkeypatch.delenv(key)
    for key, value in _env(cluster).items():
        monkeypatch.setenv(key, value)
    port = 8103
    with Stack(port=port, web_workers=4):
        yield port, email, password


class Attacker:
    """Signs in as the lead and uploads each hostile workbook in turn until told to stop."""

    def __init__(self, base: str, email: str, password: str) -> None:
        self.base = base
        self.answers: list[tuple[str, int, bool]] = []
        self.session = requests.Session()
        form = self.session.get(f"{base}/accounts/sign-in/", timeout=120)
        self.session.post(
            f"{base}/accounts/sign-in/",
            data={"csrfmiddlewaretoken": self._token(form.text), "email": email,
                  "password": password},
            headers={"Referer": f"{base}/accounts/sign-in/"}, timeout=120,
        )  # fmt: skip
        self.stop = threading.Event()

    @staticmethod
    def _token(html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, "no CSRF token on the page"
        return found[1]

    def upload(self, name: str, content: bytes) -> None:
        page = self.session.get(f"{self.base}/indicators/returns/upload/", timeout=120)
        organisation = re.search(r'<option value="([^"]+)"', page.text)
        assert page.status_code == 200 and organisation, page.status_code
        answer = self.session.post(
            f"{self.base}/indicators/returns/upload/",
            data={"csrfmiddlewaretoken": self._token(page.text), "organisation": organisation[1]},
            files={"file": (name, content)},
            headers={"Referer": f"{self.base}/indicators/returns/upload/"}, timeout=120,
        )  # fmt: skip
        self.answers.append((name, answer.status_code, f"{name}: " in answer.text))

    def run(self) -> None:
        while not self.stop.is_set():
            for name, content in HOSTILE.items():
                self.upload(name, content)
            self.stop.wait(5)


def test_users_under_load_with_hostile_uploads_see_no_server_error(
    stack: tuple[int, str, str], tmp_path: Path
) -> None:
    port, email, password = stack
    users = os.environ.get("HARDENING_LOAD_USERS", "50")
    seconds = os.environ.get("HARDENING_LOAD_SECONDS", "300")
    base = f"http://127.0.0.1:{port}"
    args = parse([
        "--base-url", base, "--users", users, "--duration", seconds, "--ramp", "60",
        "--timeout", "120", "--email", email, "--password", password,
    ])  # fmt: skip
    attacker = Attacker(base, email, password)
    attacking = threading.Thread(target=attacker.run, daemon=True)
    started = time.monotonic()
    attacking.start()
    report = run(args)
    attacker.stop.set()
    attacking.join(300)
    report["hostile_uploads"] = [
        {"file": name, "status": status, "named": named} for name, status, named in attacker.answers
    ]
    report["wall_s"] = round(time.monotonic() - started, 1)
    print_report(report)
    destination = os.environ.get("HARDENING_REPORT") or str(tmp_path / "load.json")
    Path(destination).write_text(json.dumps(report, indent=2))

    assert report["signed_in"] == int(users)
    assert report["server_errors"] == 0 and report["no_answer"] == 0, report
    assert attacker.answers, "the attacker got its uploads in"
    assert all(status == 400 and named for _, status, named in attacker.answers), attacker.answers
    assert requests.get(f"{base}/healthz", timeout=30).status_code == 200
