"""A migrated SQLite test database, kept and copied instead of migrating again.

Migrating an empty test database takes about 40 seconds, once per test worker and per run: most
of the time a run of one test file takes. The first run copies the migrated database to
`var/test-databases/<fingerprint>.sqlite3`; later runs copy it into their in-memory test
database instead of migrating. The fingerprint covers everything a migration reads: every file
in a `migrations/` or `data/` folder, the project modules migrations import, the installed
packages (their migrations) and the installed apps. `TEST_DATABASE_TEMPLATE=off` migrates every
time. On PostgreSQL the kept copy is a database of the server, `<test database>_migrated_<fp>`
(without the worker's suffix), copied by the server (tests/postgres_copies.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from contextlib import closing
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core import management
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from tests import postgres_copies

SOURCE = Path(__file__).resolve().parent.parent / "src" / "equityhub"
TEMPLATES = SOURCE.parent.parent / "var" / "test-databases"
_call_command = management.call_command
IMPORTED = re.compile(r"^\s*(?:from|import) (equityhub(?:\.\w+)+)", re.MULTILINE)


def _migration_inputs() -> list[Path]:
    folders = [*SOURCE.glob("**/migrations"), *SOURCE.glob("**/data")]
    files = {path for folder in folders for path in folder.rglob("*") if path.is_file()}
    for migration in SOURCE.glob("**/migrations/*.py"):
        for module in IMPORTED.findall(migration.read_text(encoding="utf-8")):
            path = SOURCE.parent.joinpath(*module.split("."))
            files.update(p for p in (path.with_suffix(".py"), path / "__init__.py") if p.exists())
    return sorted(p for p in files if "__pycache__" not in p.parts)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _migration_inputs():
        digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes())
    packages = sorted(f"{d.name}=={d.version}" for d in metadata.distributions() if d.name)
    digest.update("\n".join([*packages, *settings.INSTALLED_APPS]).encode())
    return digest.hexdigest()[:16]


def _migrate_or_copy(name: str, *args: object, **options: object) -> object:
    """`call_command` while the test database is made: `migrate` copies the template when
    there is one, and keeps one after migrating when there is not. Then it steps aside."""
    management.call_command = _call_command
    connection = connections[str(options.get("database", DEFAULT_DB_ALIAS))]
    if name == "migrate" and connection.vendor == "postgresql":
        return _migrate_or_copy_postgres(connection, *args, **options)
    if name != "migrate" or connection.vendor != "sqlite":
        return _call_command(name, *args, **options)
    template = TEMPLATES / f"{fingerprint()}.sqlite3"
    connection.ensure_connection()
    if template.exists():
        with closing(sqlite3.connect(template)) as kept:
            kept.backup(connection.connection)
        return None
    result = _call_command(name, *args, **options)
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    partial = template.with_suffix(f".{os.getpid()}.partial")
    with closing(sqlite3.connect(partial)) as kept:
        connection.connection.backup(kept)
    os.replace(partial, template)  # workers racing to keep one each leave a whole file
    return result


WORKER_SUFFIX = re.compile(r"_gw\d+$")


def kept_name(connection: BaseDatabaseWrapper, label: str) -> str:
    """The server's name for a database kept for every worker: the test database's name
    without the worker's suffix, then `label` (what is kept and the fingerprint of its inputs;
    PostgreSQL's names end at 63 characters)."""
    return f"{WORKER_SUFFIX.sub('', connection.settings_dict['NAME'])}_{label}"


def _migrate_or_copy_postgres(
    connection: BaseDatabaseWrapper, *args: object, **options: object
) -> object:
    template = kept_name(connection, f"migrated_{fingerprint()}")
    if postgres_copies.exists(connection, template):
        postgres_copies.replace_current(connection, template)
        return None
    result = _call_command("migrate", *args, **options)
    postgres_copies.keep_current(connection, template, replace=False)
    return result


def migrations_from_template() -> None:
    """Make the next test database from the template (Django imports `call_command` from
    `django.core.management` when it creates a test database, so it is swapped there)."""
    if os.environ.get("TEST_DATABASE_TEMPLATE", "on").lower() not in {"off", "0", "false"}:
        management.call_command = _migrate_or_copy


# The test database as it was made (migrated, cache table and all), kept in memory by each test
# process so that a test that committed can be undone by copying it back: SQLite's backup API
# copies a few megabytes in milliseconds, where migrating again takes most of a minute.
# On PostgreSQL the copy is a database of the server beside the test database.
_pristine: sqlite3.Connection | None = None
_pristine_postgres: list[str] = []


def keep_pristine_copy() -> None:
    global _pristine
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_pristine"
        postgres_copies.copy_current(connection, name, replace=True)
        _pristine_postgres[:] = [name]
        return
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return
    connection.ensure_connection()
    _pristine = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(_pristine)


def restore_pristine_copy() -> bool:
    """Put the test database back as it was made, if a copy was kept; content types are read
    again, as a test may have filled the database anew."""
    from django.contrib.contenttypes.models import ContentType

    connection = connections[DEFAULT_DB_ALIAS]
    if _pristine_postgres:
        postgres_copies.replace_current(connection, _pristine_postgres[0])
    elif _pristine is not None:
        connection.ensure_connection()
        _pristine.backup(connection.connection)
    else:
        return False
    ContentType.objects.clear_cache()
    return True


def drop_pristine_copy() -> None:
    """At the end of the run: the PostgreSQL copy goes with the test database."""
    if _pristine_postgres:
        postgres_copies.drop(connections[DEFAULT_DB_ALIAS], _pristine_postgres.pop())
