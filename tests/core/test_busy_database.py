"""A busy SQLite database never answers 500: a second connection holds a write lock while a
request runs, and the request answers 503 with Retry-After (a safe one is tried again first)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import Client

from equityhub.core.models import AuditEvent


@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_a_busy_timeout(tmp_path: Path) -> None:
    """WAL lets pages read while the worker writes; the settings' options turn it on."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "x.db")})
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    wrapper.close()
    assert options["timeout"] >= 30


@pytest.fixture
def write_lock(transactional_db: None) -> Iterator[Any]:
    """A second connection to the test database, holding a write lock on the users table."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite locking")
    name = connection.settings_dict["NAME"]
    second = sqlite3.connect(name, uri=str(name).startswith("file:"), isolation_level=None)

    def hold() -> None:
        second.execute("BEGIN IMMEDIATE")
        second.execute("UPDATE core_user SET last_login = last_login")
        second.execute(
            "UPDATE core_auditevent SET action = action"
        )  # the audit log too: every sign-in writes it

    yield hold
    second.execute("ROLLBACK") if second.in_transaction else None
    second.close()


def test_sign_in_while_the_database_is_locked_answers_503_not_500(
    make_user: Any, write_lock: Any
) -> None:
    user = make_user(email="busy@example.org")
    user.set_password("a long enough password 1")
    user.save()
    AuditEvent.objects.create(action="seed")
    reader = Client(raise_request_exception=False)
    reader.force_login(user)
    write_lock()
    client = Client(raise_request_exception=False)
    response = client.post(
        "/accounts/sign-in/", {"email": user.email, "password": "a long enough password 1"}
    )
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"].isdigit()
    # a signed-in page reads the users table: tried twice, then 503 as well
    page = reader.get("/")
    assert page.status_code == 503, page.content[:300]
    assert page["Retry-After"].isdigit()
