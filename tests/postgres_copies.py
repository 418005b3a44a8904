"""Whole PostgreSQL databases copied by the server (`CREATE DATABASE ... TEMPLATE`).

The PostgreSQL counterpart of SQLite's backup API in tests/database_template.py: a migrated test
database kept between runs, the database as it was made put back after a test that commits, and
the demo kept for the tests that load it. A copy takes the server one to three seconds, where
migrating takes more than a minute and loading the demo another.

A database cannot be copied or replaced while anyone is connected to it, so every connection of
this process is closed first, and a replaced database is dropped `WITH (FORCE)`, ending any
other session in it (a test server thread's: settings check a kept connection before reuse).
"""

from __future__ import annotations

from django.db import DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import errors, sql


def _server(connection: BaseDatabaseWrapper, statement: sql.Composable) -> None:
    """Run one statement from the server's maintenance database (CREATE and DROP DATABASE
    cannot run inside the database they name, nor in a transaction)."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(statement.as_string(cursor.connection))


def exists(connection: BaseDatabaseWrapper, name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def copy_current(connection: BaseDatabaseWrapper, target: str, *, replace: bool) -> None:
    """Copy the connection's database to `target`. Without `replace`, a `target` that another
    process made meanwhile is kept (either copy will do)."""
    connections.close_all()
    if replace:
        drop(connection, target)
    try:
        _server(connection, _create(target, connection.settings_dict["NAME"]))
    except DatabaseError as error:  # Django's wrapper; the driver's error is its cause
        if replace or not isinstance(error.__cause__, errors.DuplicateDatabase):
            raise


def keep_current(connection: BaseDatabaseWrapper, target: str, *, replace: bool) -> None:
    """`copy_current`, then drop the copies kept before under the same name but for the
    fingerprint after the last `_`: they were made by older code."""
    copy_current(connection, target, replace=replace)
    stem = target.rsplit("_", 1)[0] + "_"
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) AND datname <> %s",
            [stem, target],
        )
        older = [name for (name,) in cursor.fetchall()]
    for name in older:
        drop(connection, name)


def replace_current(connection: BaseDatabaseWrapper, source: str) -> None:
    """Make the connection's database a copy of `source`, ending any session still in it."""
    connections.close_all()
    name = connection.settings_dict["NAME"]
    drop(connection, name)
    _server(connection, _create(name, source))


def drop(connection: BaseDatabaseWrapper, name: str) -> None:
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    _server(connection, statement)


def _create(name: str, template: str) -> sql.Composable:
    return sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
        sql.Identifier(name), sql.Identifier(template)
    )
