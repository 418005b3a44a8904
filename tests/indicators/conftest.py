"""Shared helpers for indicator tests: the registry loaded, and tidy CSV files built in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest

HEADER = ["indicator", "area_code", "period", "breakdown", "category", "numerator", "denominator"]
# A deprivation gradient for one period: decile 1 (most deprived) waits longest.
DECILE_COUNTS = [
    (300, 1000),
    (280, 1000),
    (260, 1000),
    (240, 1000),
    (220, 1000),
    (200, 1000),
    (180, 1000),
    (170, 1000),
    (160, 1000),
    (150, 1000),
]


def csv_bytes(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def good_rows(period: str = "2024-25", code: str = "RZZ", shift: int = 0) -> list[list[Any]]:
    indicator = "rtt-waiting-over-18-weeks"
    rows = [
        [indicator, code, period, "deprivation_decile", str(d), x - shift, n]
        for d, (x, n) in enumerate(DECILE_COUNTS, start=1)
    ]
    total_x = sum(x - shift for x, _ in DECILE_COUNTS) + 40
    rows.append([indicator, code, period, "deprivation_decile", "Unknown", 40, 200])
    rows.append([indicator, code, period, "overall", "Total", total_x, 10200])
    return rows


@pytest.fixture
def registry(db: None) -> None:
    from equityhub.indicators.registry.services import indicator_registry_load

    indicator_registry_load()


@pytest.fixture
def upload(
    registry: None, organisation: Any, django_capture_on_commit_callbacks: Any
) -> Callable[..., Any]:
    """Check and commit a tidy CSV as `actor`; returns the committed return."""
    from equityhub.indicators.returns.services import return_check, return_commit

    def run(actor: Any, rows: list[list[Any]], *, publish: bool = False) -> Any:
        preview = return_check(
            actor=actor,
            organisation=organisation,
            filename="return.csv",
            content=csv_bytes(rows),
            publish=publish,
        )
        assert not preview.problems, [str(p) for p in preview.problems]
        assert preview.data_return is not None
        with django_capture_on_commit_callbacks(execute=True):
            return return_commit(actor=actor, data_return=preview.data_return)

    return run
