"""Check that the database in DATABASE_URL answers before the PostgreSQL test pass.

When CI=true a database that does not answer is a failure (exit 1); elsewhere it is reported
and the pass is skipped (exit 3 with a message), so a laptop without PostgreSQL can still test.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

SKIP = 3


def _create_if_missing(connection: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    """Create the named database on a fresh server, so `migrate` and the tests find it."""
    from psycopg import sql

    found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if found is None:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the PostgreSQL database {name!r}")


def database_answers(url: str, *, attempts: int = 10) -> str | None:
    """Return None when the database answers, otherwise the last error."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    error = ""
    for _ in range(attempts):
        try:
            with psycopg.connect(
                host=config["HOST"] or None,
                port=config["PORT"] or None,
                user=config["USER"] or None,
                password=config["PASSWORD"] or None,
                dbname="postgres",
                connect_timeout=3,
                autocommit=True,
            ) as connection:
                _create_if_missing(connection, str(config["NAME"]))
                return None
        except psycopg.Error as exc:
            error = str(exc).strip()
            time.sleep(1)
    return error


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(f"DATABASE_URL is not a PostgreSQL URL: {url!r}", file=sys.stderr)
        return 1
    error = database_answers(url)
    if error is None:
        return 0
    if os.environ.get("CI") == "true":
        print(f"PostgreSQL at DATABASE_URL does not answer: {error}", file=sys.stderr)
        return 1
    print(f"Skipping the PostgreSQL pass: the database does not answer ({error})")
    return SKIP


if __name__ == "__main__":
    sys.exit(main())
