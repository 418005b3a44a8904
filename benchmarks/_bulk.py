"""The bare bulk insert a database offers, as a floor for work that ends in writing rows.

``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` of prepared tuples on SQLite, inside a
transaction that is rolled back, so the table is left as it was. The rows are prepared before
the clock starts: the floor is the database's own cost of taking them.
"""

from __future__ import annotations

import csv
import io
import time
from typing import Any

from django.db import transaction
from django.db.models import Model


def stored_rows(model: type[Model], **where: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns (all but the key) and the rows of ``model`` matching ``where``."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = model._default_manager.filter(**where).values_list(*(f.attname for f in fields))
    return [str(f.column) for f in fields], list(rows)


def bare_insert_seconds(
    connection: Any, model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]
) -> float:
    """Seconds the database takes to insert ``rows`` into ``model``'s table (rolled back)."""
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        text = io.StringIO()
        # Every value quoted but NULL, so an empty text is not taken for a NULL.
        csv.writer(text, quoting=csv.QUOTE_NOTNULL).writerows(rows)
        payload = text.getvalue().encode()
    with transaction.atomic():
        start = time.perf_counter()
        if connection.vendor == "postgresql":
            copying = f"COPY {table} ({names}) FROM STDIN (FORMAT csv)"
            with connection.cursor() as cursor, cursor.cursor.copy(copying) as copy:
                copy.write(payload)
        else:
            marks = ", ".join("?" for _ in columns)
            connection.connection.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows
            )
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds
