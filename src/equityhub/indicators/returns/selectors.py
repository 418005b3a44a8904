"""What a new return overlaps: periods already committed, and whether it repeats a return."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import polars as pl

from equityhub.indicators.returns.models import DataPoint, DataReturn
from equityhub.people.models import Organisation

COMPARED = ("breakdown", "category", "numerator", "denominator", "value", "lower_95", "upper_95")


def _key(row: dict[str, Any], indicator: str) -> tuple[Any, ...]:
    return (indicator, row["period"], *(row[name] for name in COMPARED))


def _wanted(rows: list[dict[str, Any]] | pl.DataFrame) -> set[tuple[str, str]]:
    if isinstance(rows, pl.DataFrame):
        return set(rows.select("indicator", "period").unique().iter_rows())
    return {(row["indicator"], row["period"]) for row in rows}


def _mine(rows: list[dict[str, Any]] | pl.DataFrame) -> set[tuple[Any, ...]]:
    if isinstance(rows, pl.DataFrame):
        return set(rows.select("indicator", "period", *COMPARED).iter_rows())
    return {_key(row, row["indicator"]) for row in rows}


def overlap_notes(
    organisation: Organisation, rows: list[dict[str, Any]] | pl.DataFrame
) -> list[str]:
    """Plain words for the preview about committed returns holding the same indicator-periods.

    A commit replaces them (the latest return counts for each period), so nothing is counted
    twice; the preview says so, and says when the file repeats a committed return exactly.
    """
    wanted = _wanted(rows)
    if not wanted:
        return []
    points = DataPoint.objects.filter(
        data_return__organisation=organisation,
        data_return__status="committed",
        indicator__code__in={code for code, _ in wanted},
        period__in={period for _, period in wanted},
    ).values("data_return_id", "indicator__code", "period", *COMPARED)
    held: dict[int, set[tuple[Any, ...]]] = defaultdict(set)
    for point in points:
        if (point["indicator__code"], point["period"]) in wanted:
            held[point["data_return_id"]].add(_key(point, point["indicator__code"]))
    if not held:
        return []
    mine = _mine(rows)
    notes = []
    for data_return in DataReturn.objects.filter(pk__in=held).order_by("pk"):
        keys = held[data_return.pk]
        periods = sorted({f"{k[0]} {k[1]}" for k in keys})
        when = data_return.committed_at.date().isoformat() if data_return.committed_at else ""
        if keys == mine:
            notes.append(
                f"This file holds exactly the data of return {data_return.pk} "
                f"({data_return.filename}, committed {when}): committing it changes no figure."
            )
        else:
            notes.append(
                f"Already committed in return {data_return.pk} ({data_return.filename}, "
                f"{when}): {', '.join(periods)}. Committing this file replaces those periods; "
                "nothing is counted twice."
            )
    return notes


def staged_preview(data_return: DataReturn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows per indicator and breakdown, the first 20 rows) of a return's staged rows."""
    from equityhub.indicators.returns.staging import STAGED_SCHEMA, staged_frame, summary_of

    if data_return.staged_rows:
        rows = data_return.staged_rows
        return summary_of(pl.from_dicts(rows, schema=STAGED_SCHEMA)), rows[:20]
    if data_return.status != "preview" or not data_return.upload_content:
        return [], []
    frame = staged_frame(data_return)
    return summary_of(frame), frame.head(20).to_dicts()
