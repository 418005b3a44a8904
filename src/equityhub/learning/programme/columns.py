"""Columns that other apps add to the programme view for England, one value per lead.

The induction app sits above learning, so learning cannot ask it for a lead's progress; instead
induction registers a column here at start-up. Each column is computed for all the leads on a
page (or in an export) at once: one query per column, never one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

LeadValues = Callable[[Sequence[int]], dict[int, str]]


@dataclass(frozen=True)
class LeadColumn:
    title: str
    values: LeadValues
    missing: str = "Not started"


LEAD_COLUMNS: dict[str, LeadColumn] = {}


def register_lead_column(key: str, title: str, values: LeadValues, *, missing: str = "") -> None:
    """Add (or replace) a column of the programme view, computed from lead user ids."""
    LEAD_COLUMNS[key] = LeadColumn(title, values, missing or "Not started")


def lead_column_values(user_ids: Sequence[int]) -> dict[str, dict[int, str]]:
    """Every registered column's values for these leads, by column key."""
    return {key: column.values(user_ids) for key, column in LEAD_COLUMNS.items()}
