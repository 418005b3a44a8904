"""The demo's roles: load the demo data once, then a test client or a browser tab per role.

Signing in through the form for every role would test the sign-in page many times over; the
tab is given the session of a test client signed in as the role instead.

Loading the demo takes a minute. A test that commits (a browser test, the crawl) gets it from a
kept copy instead: the first such load keeps the files and the printed sign-ins in
`var/test-databases/demo-<vendor>-<fingerprint>/`, and the database there (SQLite) or on the
server (PostgreSQL, tests/postgres_copies.py). The fingerprint covers every source file, so a
change to the demo or to anything it calls makes a new one.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from equityhub.core.models import User
from tests import postgres_copies
from tests.conftest import _second_factor_confirmed
from tests.database_template import SOURCE, TEMPLATES, kept_name
from tests.database_template import fingerprint as migrations_fingerprint

SIGN_IN = re.compile(r"^Demo sign-in \((?P<role>[^)]+)\): (?P<email>\S+) / ")
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def load_demo() -> dict[str, User]:
    """Load the demo; each demo role (as the command prints them) and its person."""
    found = (SIGN_IN.match(line) for line in _demo_printed().splitlines())
    return {m["role"]: User.objects.get(email=m["email"]) for m in found if m}


def _demo_printed() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    # Inside a test's transaction the database cannot be swapped whole: run the command.
    kept_here = connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.is_in_memory_db()
    )
    if not kept_here or connection.in_atomic_block:
        return _run_demo()
    kept = _kept_demo_folder()
    media = Path(settings.MEDIA_ROOT)
    if (kept / "printed.txt").exists() and _database_from(kept):
        shutil.copytree(kept / "media", media, dirs_exist_ok=True)
        return (kept / "printed.txt").read_text(encoding="utf-8")
    printed = _run_demo()
    partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    _keep_database(partial)
    shutil.copytree(media, partial / "media", dirs_exist_ok=True)
    (partial / "printed.txt").write_text(printed, encoding="utf-8")
    shutil.rmtree(kept, ignore_errors=True)
    try:
        partial.rename(kept)
    except OSError:  # another worker kept one meanwhile: either will do
        shutil.rmtree(partial, ignore_errors=True)
    for older in kept.parent.glob(f"{kept.name.rsplit('-', 1)[0]}-*"):
        if older != kept and not older.name.endswith(".partial"):
            shutil.rmtree(older, ignore_errors=True)  # kept by older code
    return printed


def _database_from(kept: Path) -> bool:
    """Put the kept demo in the test database; False when there is none to put."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        name = kept_name(connection, _demo_label(kept))
        if not postgres_copies.exists(connection, name):
            return False
        postgres_copies.replace_current(connection, name)
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(kept / "database.sqlite3")) as database:
            database.backup(connection.connection)
    ContentType.objects.clear_cache()
    return True


def _keep_database(folder: Path) -> None:
    """Keep the demo just loaded: in `folder` (SQLite) or on the server (PostgreSQL)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        name = kept_name(connection, _demo_label(folder))
        postgres_copies.keep_current(connection, name, replace=True)
        return
    with closing(sqlite3.connect(folder / "database.sqlite3")) as database:
        connection.connection.backup(database)


def _run_demo() -> str:
    printed = io.StringIO()
    call_command("demo", stdout=printed)
    return printed.getvalue()


def _demo_label(folder: Path) -> str:
    """The kept demo database's label on the server: the folder's fingerprint."""
    return "demo_" + folder.name.split(".")[0].rsplit("-", 1)[-1]


def _kept_demo_folder() -> Path:
    """The kept demo's folder; its name holds the vendor, since each keeps its own database."""
    digest = hashlib.sha256(migrations_fingerprint().encode())
    for path in sorted(SOURCE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes())
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    return TEMPLATES / f"demo-{vendor}-{digest.hexdigest()[:16]}"


def signed_in_client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
        _second_factor_confirmed(client, user)
    return client


def signed_in_tab(browser: Any, live_server: Any, user: User | None, viewport: dict) -> Any:
    """A new browser context (close it after use) and its page, signed in as ``user``."""
    context = browser.new_context(viewport=viewport)
    if user is not None:
        session = signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    return context, context.new_page()
