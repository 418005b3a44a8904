"""The open results API pages through everything, says how many, filters, and gives CSV too."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from equityhub.indicators.models import Result
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(upload: Any, personas: dict[str, Any]) -> int:
    for period in ("2022-23", "2023-24", "2024-25"):
        upload(personas["member"], good_rows(period), publish=True)
    return Result.objects.published().count()  # type: ignore[attr-defined]


def test_every_result_is_reached_by_following_next(published: int) -> None:
    client = Client()
    url: str | None = "/api/indicators/results?page_size=7"
    seen: list[tuple[Any, ...]] = []
    pages = 0
    while url:
        page = client.get(url).json()
        assert page["count"] == published
        seen += [tuple(sorted(r.items())) for r in page["results"]]
        url = page["next"]
        pages += 1
    assert len(seen) == len(set(seen)) == published > 7
    assert pages == -(-published // 7)


def test_filters_by_level_breakdown_and_measure(published: int) -> None:
    page = (
        Client()
        .get(
            "/api/indicators/results",
            {"level": "organisation", "breakdown": "deprivation_decile", "measure": "sii"},
        )
        .json()
    )
    assert page["count"] == 3  # one slope index per period
    assert {r["measure"] for r in page["results"]} == {"sii"}


def test_page_size_above_the_limit_is_refused_with_a_reason() -> None:
    response = Client().get("/api/indicators/results", {"page_size": 100_000})
    assert response.status_code == 422
    assert "page_size" in response.content.decode()


def test_csv_gives_the_same_rows_and_never_says_why_a_cell_is_hidden(
    upload: Any, personas: dict[str, Any]
) -> None:
    rows = good_rows()
    rows[0][5] = 4  # decile 1: a small count, suppressed
    rows[-1][5] -= 296
    upload(personas["member"], rows, publish=True)
    page = Client().get("/api/indicators/results", {"page_size": 5000}).json()
    text = Client().get("/api/indicators/results.csv").content.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == page["count"] == len(page["results"])
    hidden = [r for r in table if r["suppressed"] == "True"]
    assert hidden and all(r["numerator"] == "" for r in hidden)
    # "count below 10" would tell a reader which hidden cells are the small ones
    reasons = {r["suppression_reason"] for r in hidden} | {
        r["suppression_reason"] for r in page["results"] if r["suppressed"]
    }
    assert reasons == {"suppressed to protect small numbers"}


def test_openapi_documents_paging_and_filters() -> None:
    document = Client().get("/api/openapi.json").json()
    names = {p["name"] for p in document["paths"]["/api/indicators/results"]["get"]["parameters"]}
    assert {"page", "page_size", "level", "breakdown", "measure"} <= names
    assert "/api/indicators/results.csv" in document["paths"]


def test_the_unknown_share_gives_no_blanked_denominator_back(
    upload: Any, personas: dict[str, Any]
) -> None:
    """The audit's recovery: a published share of unknown times the published total gave the
    blanked denominator of a suppressed unknown cell exactly (1.9569% × 7,512 = 147)."""
    for period in ("2023-24", "2024-25"):
        rows = good_rows(period)
        unknown = next(r for r in rows if r[4] == "Unknown")
        rows[-1][5] -= unknown[5] - 6
        unknown[5] = 6  # a small unknown count: its cell (and denominator) is suppressed
        upload(personas["member"], rows, publish=True)
    page = Client().get("/api/indicators/results", {"page_size": 5000}).json()["results"]
    blanked = {
        (r["period"], r["breakdown"])
        for r in page
        if r["category"] == "Unknown" and r["suppressed"] and r["denominator"] is None
    }
    assert blanked, "the scenario must blank an unknown cell"
    totals = {
        r["period"]: r["denominator"]
        for r in page
        if r["breakdown"] == "overall" and not r["suppressed"]
    }
    recovered = [
        (r["period"], r["breakdown"], r["value"] / 100 * totals[r["period"]])
        for r in page
        if r["measure"] == "unknown_share"
        and r["value"] is not None
        and (r["period"], r["breakdown"]) in blanked
        and totals.get(r["period"])
    ]
    assert not recovered, f"blanked unknown denominators recovered: {recovered}"
