"""Every problem in one pass, grouped by what is wrong, with a downloadable report."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equityhub.indicators.returns.problems import group_problems
from equityhub.indicators.returns.services import return_check
from equityhub.indicators.returns.validate import Problem
from tests.indicators.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _rows(bad_from: int, bad_to: int, total: int) -> list[list[Any]]:
    """`total` ethnicity rows (file rows 2..total+1); rows bad_from..bad_to use code W9."""
    rows = []
    for number in range(2, total + 2):
        category = "W9" if bad_from <= number <= bad_to else "A"
        period = f"{1900 + number // 12}-{(number % 12) + 1:02d}"  # one month each
        rows.append(["ae-four-hours", "RZZ", period, "ethnicity", category, 1, 20])
    return rows


def test_grouped_row_ranges() -> None:
    problems = [Problem("r.csv", n, "category", "'W9' is not a category") for n in range(14, 213)]
    problems += [Problem("r.csv", 300, "category", "'W9' is not a category")]
    problems += [Problem("r.csv", 5, "numerator", "'x' is not a number")]
    problems += [Problem("r.csv", 0, "", "no rows for RQX")]
    texts = [str(g) for g in group_problems(problems)]
    assert texts == [
        "r.csv: no rows for RQX",
        "r.csv, row 5, column numerator: 'x' is not a number",
        "r.csv, rows 14–212, 300, column category: 'W9' is not a category",
    ]


def test_every_problem_is_found_in_one_pass(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    preview = return_check(
        actor=personas["member"],
        organisation=organisation,
        filename="r.csv",
        content=csv_bytes(_rows(14, 612, 700)),
    )
    assert len(preview.problems) == 599
    (group,) = group_problems(preview.problems)
    assert str(group).startswith("r.csv, rows 14–612, column category:")


def test_the_upload_page_groups_problems_and_offers_a_report(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["member"])
    content = csv_bytes(_rows(14, 212, 250))
    response = client.post(
        "/indicators/returns/upload/",
        {"organisation": "RZZ", "file": SimpleUploadedFile("eth.csv", content, "text/csv")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "eth.csv, rows 14–212, column category: &#39;W9&#39; is not a category" in page
    assert page.count("is not a category") == 1
    assert "/indicators/returns/problems.csv" in page
    report = client.get("/indicators/returns/problems.csv")
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(report.content.decode())))
    assert len(rows) == 199
    assert rows[0] == {
        "file": "eth.csv",
        "row": "14",
        "column": "category",
        "value": "W9",
        "problem": "'W9' is not a category of ethnicity",
    }
    # another person's session has no report
    other = client_for(personas["owner"]).get("/indicators/returns/problems.csv")
    assert other.status_code == 404
