"""Writing result rows through the database's own bulk path.

A recomputation writes thousands of rows. Building a model instance for each and letting the ORM
render multi-row ``INSERT`` statements cost many times what the database itself takes to store
them, so rows are made here as tuples in the table's column order and handed to ``COPY`` on
PostgreSQL and to one prepared ``executemany`` on SQLite (the ORM's ``bulk_create`` on any other
database). The values are those the model's fields would store: the tuple is built by
`result_values` from the same computed row the model instance was built from.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence

from django.db import connection

from equityhub.indicators.results.compute import BLANKED
from equityhub.indicators.results.models import Result

#: Figures stored as they were computed (a NaN is stored as empty).
FIGURES = (*BLANKED, "se")
#: Every column but the key, in the order `result_values` gives them.
COLUMNS = (
    "organisation_id",
    "area_level",
    "area_code",
    "indicator_id",
    "data_return_id",
    "period",
    "period_number",
    "breakdown",
    "category",
    "kind",
    *FIGURES,
    "method",
    "suppressed",
    "suppression_reason",
    "withheld_count",
    "based_on",
    "band",
    "published",
    "computed_at",
)
Value = str | float | int | bool | datetime.datetime | None
Row = tuple[Value, ...]


def clean(value: object) -> float | None:
    """A figure as stored: a float, or None for a missing or NaN one."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]  # numbers of any kind (numpy's too)
    return None if math.isnan(number) else number


def result_values(
    indicator_id: int,
    row: Mapping[str, object],
    *,
    organisation_id: int | None,
    data_return_id: int | None,
    area_level: str,
    area_code: str,
    published: bool,
    computed_at: datetime.datetime,
) -> Row:
    """One computed row (the shape `results.compute` gives) as the stored columns."""
    suppressed = row.get("suppressed")
    return (
        organisation_id,
        str(area_level),
        area_code,
        indicator_id,
        data_return_id,
        str(row["period"]),
        float(row["period_number"]),  # type: ignore[arg-type]
        str(row["breakdown"]),
        str(row.get("category") or ""),
        str(row.get("kind", "category")),
        *(clean(row.get(name)) for name in FIGURES),
        str(row.get("method") or "")[:120],
        bool(row.get("suppressed", False)),
        str(row.get("suppression_reason") or "")[:200],
        clean(row.get("withheld_count")) if suppressed else None,
        str(row.get("members") or "") if organisation_id is None else "",
        str(row.get("band") or "") if suppressed else "",
        bool(published),
        computed_at,
    )


def insert_results(rows: Sequence[Row]) -> int:
    """Insert the rows into the results table; returns how many. Run inside a transaction."""
    if not rows:
        return 0
    table = connection.ops.quote_name(Result._meta.db_table)
    names = ", ".join(connection.ops.quote_name(_column(name)) for name in COLUMNS)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        marks = ", ".join("?" for _ in COLUMNS)
        stamp = COLUMNS.index("computed_at")
        connection.connection.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", _sqlite_rows(rows, stamp)
        )
    else:
        Result.objects.bulk_create(
            (Result(**dict(zip(COLUMNS, row, strict=True))) for row in rows), batch_size=2000
        )
    return len(rows)


def _column(attname: str) -> str:
    field = Result._meta.get_field(attname.removesuffix("_id"))
    return str(getattr(field, "column", attname))


def _sqlite_rows(rows: Iterable[Row], stamp: int) -> Iterable[Row]:
    """SQLite keeps date-times as text, as Django writes them (each distinct one adapted once)."""
    adapted: dict[object, Value] = {}
    for row in rows:
        when = row[stamp]
        if when not in adapted and isinstance(when, datetime.datetime):
            adapted[when] = connection.ops.adapt_datetimefield_value(when)
        yield (*row[:stamp], adapted.get(when, when), *row[stamp + 1 :])
