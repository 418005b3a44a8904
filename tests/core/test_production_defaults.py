"""With DEBUG off, the secure settings are on without being asked for.

Each check runs in a fresh interpreter with nothing but the three required variables, from an
empty folder, as a first deployment would.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "email": settings.MAILERS["default"]["BACKEND"],
}))
"""


def run(tmp_path: Path, args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DJANGO_SETTINGS_MODULE": "equityhub.config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "equityhub.example.nhs.uk",
        **extra,
    }
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow  # starts the whole platform in a new process
def test_check_deploy_is_clean_with_only_the_required_settings(tmp_path: Path) -> None:
    result = run(tmp_path, ["-m", "equityhub.cli", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow  # starts the whole platform in a new process
def test_secure_settings_are_on_by_default(tmp_path: Path) -> None:
    result = run(tmp_path, ["-c", SHOW_SETTINGS])
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "email": "django.core.mail.backends.smtp.EmailBackend",
    }


def test_printing_emails_instead_of_sending_them_stops_the_start_up(tmp_path: Path) -> None:
    result = run(tmp_path, ["-m", "equityhub.cli", "check"], EMAIL_MODE="console")
    assert result.returncode != 0
    assert "EMAIL_MODE=console" in result.stderr


@pytest.mark.django_db
def test_the_health_check_answers_over_plain_http_when_https_is_enforced(
    settings: Any, client: Client
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
