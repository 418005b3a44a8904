"""Impossible figures are refused with a message naming file, row and column; nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import DataReturn
from equityhub.indicators.returns.services import return_check
from tests.indicators.conftest import csv_bytes

pytestmark = pytest.mark.django_db

VALUE_HEADER = [
    "indicator", "area_code", "period", "breakdown", "category", "value", "lower_95", "upper_95"
]  # fmt: skip
GOOD = ["ae-four-hours", "RZZ", "2023", "overall", "Total", 50, 40, 60]

IMPOSSIBLE = [
    (["ae-four-hours", "RZZ", "2024", "overall", "Total", -50, -60, -40], "value", "0 to 100"),
    (["ae-four-hours", "RZZ", "2024", "overall", "Total", 150, 140, 160], "value", "0 to 100"),
    (
        ["cyp-asthma-admissions", "RZZ", "2024", "overall", "Total", 1e308, 1e307, 1e308],
        "value",
        "a rate per 100000 between 0 and 1e+08",
    ),
    (
        ["premature-cvd-mortality", "RZZ", "2024", "overall", "Total", -3, -5, -1],
        "value",
        "a rate per 100000",
    ),
    (["ae-four-hours", "RZZ", "2024", "overall", "Total", "NaN", 1, 2], "value", "not a number"),
    (["ae-four-hours", "RZZ", "2024", "overall", "Total", "inf", 1, 2], "value", "not a number"),
    (["ae-four-hours", "RZZ", "2024", "overall", "Total", 50, -1, 60], "lower_95", "0 to 100"),
]


@pytest.mark.parametrize(("row", "column", "message"), IMPOSSIBLE)
def test_impossible_values_are_named(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    row: list[Any],
    column: str,
    message: str,
) -> None:
    content = csv_bytes([GOOD, row], header=VALUE_HEADER)
    preview = return_check(
        actor=personas["member"], organisation=organisation, filename="r.csv", content=content
    )
    assert preview.data_return is None
    assert len(preview.problems) == 1
    text = str(preview.problems[0])
    assert text.startswith(f"r.csv, row 3, column {column}: "), text
    assert message in text
    assert not DataReturn.objects.exists()


def test_counts_beyond_any_organisation_are_refused(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    rows = [["ae-four-hours", "RZZ", "2024", "overall", "Total", 5, 1e300]]
    preview = return_check(
        actor=personas["member"], organisation=organisation, filename="r.csv",
        content=csv_bytes(rows),
    )  # fmt: skip
    assert "r.csv, row 2, column denominator: 1e+300 is more than any organisation counts" in (
        str(preview.problems[0])
    )


def test_possible_edge_values_pass(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    rows = [
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", 0, 0, 0.5],
        ["ae-four-hours", "RZZ", "2025", "overall", "Total", 100, 99.5, 100],
        ["cyp-asthma-admissions", "RZZ", "2024", "overall", "Total", 250000, 240000, 260000],
    ]
    preview = return_check(
        actor=personas["member"], organisation=organisation, filename="r.csv",
        content=csv_bytes(rows, header=VALUE_HEADER),
    )  # fmt: skip
    assert not preview.problems, [str(p) for p in preview.problems]
