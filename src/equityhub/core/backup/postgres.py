"""PostgreSQL backups with `pg_dump`: one consistent snapshot, taken without stopping writes.

The dump is plain SQL, so the secrets can be taken out on the way: the data of the secret tables
(MFA devices, API keys) is left out with `--exclude-table-data`, and each password hash in the
users table's COPY block is replaced by an unusable one as the dump streams past, the hashes
going to the separately encrypted secrets instead (see `secrets.py`).

Restore empties the `public` schema and replays the dump with `psql` in one transaction, so a
failed restore changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from equityhub.core.backup.secrets import UNUSABLE, secret_models

COPY = re.compile(r"^COPY (?P<table>\S+) \((?P<columns>[^)]*)\) FROM stdin;$")


class PgToolError(Exception):
    """pg_dump or psql failed (the message carries its error output)."""


def _client() -> tuple[list[str], dict[str, str]]:
    """Connection options and environment for the PostgreSQL command-line tools."""
    params = connections[DEFAULT_DB_ALIAS].settings_dict
    env = {**os.environ, "PGPASSWORD": str(params.get("PASSWORD") or "")}
    options = [
        "--host", str(params.get("HOST") or "localhost"),
        "--port", str(params.get("PORT") or 5432),
        "--username", str(params.get("USER") or "postgres"),
        "--dbname", str(params["NAME"]),
    ]  # fmt: skip
    return options, env


def _table(label: str) -> str:
    return str(apps.get_model(label)._meta.db_table)


def dump(destination: Path) -> dict[str, str]:
    """Write the database as SQL without secrets; return each user's pk → password hash."""
    options, env = _client()
    excluded = [f"--exclude-table-data={_table(label)}" for label in secret_models()]
    command = ["pg_dump", "--format=plain", "--no-owner", "--no-privileges", *excluded, *options]
    users = f"public.{_table('core.user')}"
    passwords: dict[str, str] = {}
    with (
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as running,
        destination.open("w") as out,
    ):
        assert running.stdout is not None
        columns: list[str] | None = None
        for line in running.stdout:
            if columns is not None and line != "\\.\n":
                line = _without_password(line, columns, passwords)
            elif columns is not None:
                columns = None
            elif (found := COPY.match(line.rstrip("\n"))) and found["table"] == users:
                columns = [name.strip().strip('"') for name in found["columns"].split(",")]
            out.write(line)
        error = running.stderr.read() if running.stderr else ""
    if running.returncode != 0:
        raise PgToolError(f"pg_dump failed: {error.strip()}")
    return passwords


def _without_password(line: str, columns: list[str], passwords: dict[str, str]) -> str:
    cells = line.rstrip("\n").split("\t")
    pk, password = cells[columns.index("id")], columns.index("password")
    passwords[pk] = cells[password]
    cells[password] = UNUSABLE
    return "\t".join(cells) + "\n"


def restore(sql: Path) -> None:
    """Replace everything in the database by the dump, in one transaction."""
    options, env = _client()
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    done = subprocess.run(
        ["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1",
         "--file", str(sql), *options],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise PgToolError(f"psql failed: {done.stderr.strip()}")
