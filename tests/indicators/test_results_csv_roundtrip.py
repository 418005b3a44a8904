"""Results CSVs open safely in a spreadsheet and re-import exactly."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from equityhub.indicators.models import Result
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db
URL = "/indicators/RZZ/rtt-waiting-over-18-weeks/results.csv"


def _rows(client: Any, url: str = URL) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(client.get(url).content.decode())))


def test_a_formula_in_a_text_cell_is_made_inert(
    upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    upload(personas["member"], good_rows())
    Result.objects.filter(kind="category").update(method='=HYPERLINK("https://x.example")')
    rows = _rows(client_for(personas["owner"]))
    assert rows and all(r["method"].startswith("'=") for r in rows if r["measure"] == "category")


def test_results_csv_numbers_and_blanks_round_trip(
    upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    upload(personas["member"], good_rows())
    # a gap or slope can be negative: it must stay a number, not become apostrophised text
    Result.objects.exclude(kind="category").update(value=-0.25, lower_95=-0.5, upper_95=-0.125)
    rows = _rows(client_for(personas["owner"]))
    stored = {
        (r.period, r.breakdown, r.category, r.kind): r
        for r in Result.objects.filter(area_level="organisation")
    }
    negative = 0
    for row in rows:
        result = stored[(row["period"], row["breakdown"], row["category"], row["measure"])]
        for column in ("value", "lower_95", "upper_95"):
            figure = getattr(result, column)
            if figure is None:
                assert row[column] == ""
            else:
                assert float(row[column]) == pytest.approx(figure, rel=1e-12)
                negative += figure < 0
    assert negative


def test_the_api_results_csv_guards_text_too(
    upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    upload(personas["member"], good_rows(), publish=True)
    Result.objects.filter(kind="category").update(method="@SUM(1+1)")
    rows = _rows(client_for(None), "/api/indicators/results.csv?organisation=RZZ")
    methods = {r["method"] for r in rows if r.get("kind", r.get("measure")) == "category"}
    assert methods == {"'@SUM(1+1)"}
