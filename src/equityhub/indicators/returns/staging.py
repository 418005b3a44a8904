"""Keeping a checked return's rows until commit, and storing them in bulk, as columns.

A national file holds about a million rows; as Python dicts that is gigabytes. Here the rows
stay in a polars frame: polars writes them into the return (as JSON in `staged_rows`, or as
Parquet when there are many, see `stage`), reads them back on commit, and they are inserted
with the database's own bulk path (COPY on PostgreSQL, `executemany` on SQLite) inside the
commit's transaction. The stored JSON is the
same list of row objects the row-by-row check stages, so either kind of preview commits here.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from equityhub.indicators.returns.models import DataPoint, DataReturn, ReturnStatus

STAGED_SCHEMA = {
    "indicator": pl.String,
    "area_code": pl.String,
    "period": pl.String,
    "period_number": pl.Float64,
    "breakdown": pl.String,
    "category": pl.String,
    "row": pl.Int64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "value": pl.Float64,
    "lower_95": pl.Float64,
    "upper_95": pl.Float64,
}
POINT_COLUMNS = (
    "data_return_id",
    "indicator_id",
    "area_code",
    "period",
    "breakdown",
    "category",
    "numerator",
    "denominator",
    "value",
    "lower_95",
    "upper_95",
)
COPY_CHUNK_ROWS = 100_000
STAGED_JSON_MAX_ROWS = 50_000


def summary_of(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows per indicator and breakdown, with the periods covered (as `_summary` in services)."""
    # Counted per (indicator, breakdown, period) first: the second grouping then runs over a
    # few thousand groups, not a million rows, and no row's period is gathered into a list.
    grouped = (
        frame.lazy()
        .group_by("indicator", "breakdown", "period")
        .agg(pl.len().alias("rows"))
        .group_by("indicator", "breakdown")
        .agg(pl.col("rows").sum(), pl.col("period").sort().alias("periods"))
        .sort("indicator", "breakdown")
        .collect()
    )
    return [
        {
            "indicator": indicator,
            "breakdown": breakdown,
            "rows": rows,
            "periods": list(periods),
        }
        for indicator, breakdown, rows, periods in grouped.iter_rows()
    ]


def stage(data_return: DataReturn, frame: pl.DataFrame) -> None:
    """Keep the checked rows with the return until commit.

    Up to STAGED_JSON_MAX_ROWS rows go into `staged_rows` as JSON (written by polars), as the
    row check stages them. More go into `upload_content` as Parquet: PostgreSQL refuses a jsonb
    array over 256 MB, which a national return of a million rows passes.
    """
    rows = frame.select(list(STAGED_SCHEMA))
    table = connection.ops.quote_name(DataReturn._meta.db_table)
    value: bytes | str
    if rows.height > STAGED_JSON_MAX_ROWS:
        buffer = io.BytesIO()
        rows.write_parquet(buffer)
        column, value, placeholder = "upload_content", buffer.getvalue(), "%s"
    else:
        column, value = "staged_rows", rows.write_json()
        placeholder = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = {placeholder} WHERE id = %s",
            [value, data_return.pk],
        )
    # Left unloaded on the instance: read from the database only if someone asks for them.
    data_return.__dict__.pop(column, None)


def staged_frame(data_return: DataReturn) -> pl.DataFrame:
    """The return's staged rows as a frame (from the Parquet or the JSON it was kept as)."""
    one = DataReturn.objects.filter(pk=data_return.pk)
    kept = one.values_list("upload_content", flat=True).get()
    if kept and data_return.status == ReturnStatus.PREVIEW:
        return pl.read_parquet(io.BytesIO(bytes(kept)))
    text = one.values_list(Cast("staged_rows", TextField()), flat=True).get()
    if not text or text.strip() in ("[]", "null"):
        return pl.DataFrame(schema=STAGED_SCHEMA)
    return pl.read_json(io.StringIO(text), schema=STAGED_SCHEMA)


def point_columns(
    data_return: DataReturn, frame: pl.DataFrame, ids: dict[str, int]
) -> pl.DataFrame:
    """The DataPoint table's columns for the staged rows."""
    return frame.select(
        pl.lit(data_return.pk, dtype=pl.Int64).alias("data_return_id"),
        pl.col("indicator").replace_strict(ids, return_dtype=pl.Int64).alias("indicator_id"),
        *POINT_COLUMNS[2:],
    )


def insert_points(points: pl.DataFrame) -> None:
    """Insert DataPoint rows in bulk on the current connection (inside the caller's transaction)."""
    table = connection.ops.quote_name(DataPoint._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in POINT_COLUMNS)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                for chunk in points.iter_slices(COPY_CHUNK_ROWS):
                    copy.write(chunk.write_csv(include_header=False))
        return
    marks = ", ".join("%s" if connection.vendor != "sqlite" else "?" for _ in POINT_COLUMNS)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    if connection.vendor == "sqlite":
        connection.connection.executemany(sql, points.iter_rows())
        return
    with connection.cursor() as cursor:
        for chunk in points.iter_slices(COPY_CHUNK_ROWS):
            cursor.executemany(sql, chunk.rows())
