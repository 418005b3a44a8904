"""A checked return's rows kept until commit: as JSON when few, as Parquet when many."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import DataPoint
from equityhub.indicators.returns import staging as returns_staging
from equityhub.indicators.returns.services import return_check, return_commit
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def test_many_rows_are_kept_as_parquet_shown_in_the_preview_and_committed(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    client_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(returns_staging, "STAGED_JSON_MAX_ROWS", 5)
    rows = good_rows("2023-24") + good_rows("2024-25")
    preview = return_check(
        actor=personas["member"],
        organisation=organisation,
        filename="big.csv",
        content=csv_bytes(rows),
    )
    assert not preview.problems and preview.data_return is not None
    data_return = preview.data_return
    data_return.refresh_from_db()
    assert data_return.staged_rows == [] and data_return.upload_content
    page = client_for(personas["member"]).get(f"/indicators/returns/{data_return.pk}/")
    assert page.status_code == 200
    assert b"2023-24" in page.content and b"rtt-waiting-over-18-weeks" in page.content
    return_commit(actor=personas["member"], data_return=data_return, recompute=False)
    data_return.refresh_from_db()
    assert data_return.upload_content is None
    stored = DataPoint.objects.filter(data_return=data_return)
    assert stored.count() == len(rows)
    assert set(
        stored.values_list("period", "breakdown", "category", "numerator", "denominator")
    ) == {(r[2], r[3], r[4], float(r[5]), float(r[6])) for r in rows}


def test_few_rows_are_kept_as_json_as_the_row_check_stages_them(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    preview = return_check(
        actor=personas["member"],
        organisation=organisation,
        filename="small.csv",
        content=csv_bytes(good_rows()),
    )
    assert preview.data_return is not None
    preview.data_return.refresh_from_db()
    staged = preview.data_return.staged_rows
    assert len(staged) == len(good_rows()) and not preview.data_return.upload_content
    assert staged[0]["row"] == 2 and staged[0]["indicator"] == "rtt-waiting-over-18-weeks"
