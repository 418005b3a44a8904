"""A file checked in the background gives the analyst the same per-row problem report as a
file checked at once: upload, wait for the check, download from the return's page."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
from django.urls import reverse

from equityhub.indicators.models import DataReturn, ReturnStatus
from equityhub.indicators.returns import validate
from tests.indicators.conftest import csv_bytes, good_rows
from tests.indicators.test_background import _upload, small_threshold

pytestmark = pytest.mark.django_db
__all__ = ["small_threshold"]  # the fixture, shared with the background-check tests
REPORT_HEADER = ["file", "row", "column", "value", "problem"]


def _broken_rows() -> list[list[Any]]:
    """Rows 3, 5 and 7 of the file (0-based 1, 3, 5) each with one mistake."""
    rows = [row for period in ("2022-23", "2023-24") for row in good_rows(period)]
    rows[1][4] = "W9"  # not a decile
    rows[3][5] = "12a"  # not a number
    rows[5][6] = -4  # a negative denominator
    return rows


def _upload_and_check(client: Any, organisation: Any, content: bytes, capture: Any) -> str:
    """Upload as the analyst does; the background check runs; the return's page is shown."""
    response = _upload(client, organisation, content, capture)
    assert response.status_code == 302
    assert DataReturn.objects.get().status == ReturnStatus.FAILED
    return html.unescape(client.get(response["Location"]).content.decode())


def _report_link(page: str) -> str:
    found = re.search(r'href="([^"]+problems\.csv)"[^>]*>Download every problem as CSV', page)
    assert found, "the return's page links the report"
    return found.group(1)


def _download(client: Any, link: str) -> list[list[str]]:
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def test_the_report_of_a_background_check_names_every_row(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas["member"])
    page = _upload_and_check(
        client, organisation, csv_bytes(_broken_rows()), django_capture_on_commit_callbacks
    )
    rows = _download(client, _report_link(page))
    assert rows[0] == REPORT_HEADER
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("big.csv", "3", "category", "W9"),
        ("big.csv", "5", "numerator", "12a"),
        ("big.csv", "7", "denominator", "-4"),
    ]
    for row in rows[1:]:  # each problem worded as on the page
        assert f"big.csv, row {row[1]}, column {row[2]}: {row[4]}" in page


def test_a_report_cut_at_the_limit_says_so(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(validate, "MAX_PROBLEMS", 2)
    client = client_for(personas["member"])
    page = _upload_and_check(
        client, organisation, csv_bytes(_broken_rows()), django_capture_on_commit_callbacks
    )
    rows = _download(client, _report_link(page))
    assert [r[1] for r in rows[1:3]] == ["3", "5"]
    assert len(rows) == 4 and rows[3][4].startswith("Only the first 2 problems are listed")


def test_only_the_organisations_team_downloads_the_report(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = _upload_and_check(
        client_for(personas["member"]),
        organisation,
        csv_bytes(_broken_rows()),
        django_capture_on_commit_callbacks,
    )
    link = _report_link(page)
    assert client_for(personas["owner"]).get(link).status_code == 200
    assert client_for(personas["outsider"]).get(link).status_code in (403, 404)
    assert client_for(None).get(link).status_code == 302  # to sign in


def test_a_clean_or_refused_file_has_no_report(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas["member"])
    _upload(client, organisation, csv_bytes(good_rows()), django_capture_on_commit_callbacks)
    data_return = DataReturn.objects.get()
    assert data_return.status == ReturnStatus.PREVIEW
    link = reverse("indicators:return-problems-report", kwargs={"pk": data_return.pk})
    assert (
        "Download every problem"
        not in client.get(
            reverse("indicators:return", kwargs={"pk": data_return.pk})
        ).content.decode()
    )
    assert client.get(link).status_code == 404
