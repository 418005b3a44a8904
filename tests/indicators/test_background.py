"""Large files are checked in a background task with progress; nothing is stored until commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equityhub.indicators.models import DataPoint, DataReturn, ReturnStatus
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings: Any) -> None:
    settings.INDICATORS_BACKGROUND_BYTES = 100  # every test file counts as large


def _upload(client: Any, organisation: Any, content: bytes, capture: Any) -> Any:
    with capture(execute=True):
        return client.post(
            reverse("indicators:upload"),
            {"organisation": organisation.code, "file": SimpleUploadedFile("big.csv", content)},
        )


def test_large_file_is_checked_in_the_background(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas["member"])
    response = _upload(
        client, organisation, csv_bytes(good_rows()), django_capture_on_commit_callbacks
    )
    data_return = DataReturn.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:return", kwargs={"pk": data_return.pk})
    assert data_return.status == ReturnStatus.PREVIEW
    assert data_return.row_count == 12 and data_return.progress_done == 12
    assert data_return.upload_content is None  # the file is not kept once checked
    assert not DataPoint.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Commit this return" in page


def test_progress_is_shown_while_checking(
    personas: dict[str, Any], organisation: Any, registry: None, client_for: Any
) -> None:
    data_return = DataReturn.objects.create(
        organisation=organisation,
        uploaded_by=personas["member"],
        filename="big.csv",
        file_format="checking",
        status=ReturnStatus.CHECKING,
        progress_done=4000,
        progress_total=14040,
    )
    page = client_for(personas["member"]).get(
        reverse("indicators:return", kwargs={"pk": data_return.pk})
    )
    text = page.content.decode()
    assert "Rows checked: 4,000 of 14,040" in text and "<progress" in text
    assert "Commit this return" not in text


def test_progress_is_reported_during_the_check(
    organisation: Any, registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from equityhub.indicators.models import Indicator
    from equityhub.indicators.returns import validate as returns_validate
    from equityhub.indicators.returns.parse import detect_format, read_table

    rows = [row for period in ("2022-23", "2023-24", "2024-25") for row in good_rows(period)]
    table = read_table("big.csv", csv_bytes(rows))
    detect_format(table)
    monkeypatch.setattr(returns_validate, "PROGRESS_EVERY", 10)
    seen: list[tuple[int, int]] = []
    checked = returns_validate.check_rows(
        table,
        organisation,
        {i.code: i for i in Indicator.objects.all()},
        progress=lambda done, total: seen.append((done, total)),
    )
    assert not checked.problems and len(checked.rows) == 36
    assert seen == [(10, 36), (20, 36), (30, 36)]


def test_large_broken_file_lists_problems_and_stores_nothing(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    broken = good_rows()
    broken[0][5] = 5000
    client = client_for(personas["member"])
    response = _upload(client, organisation, csv_bytes(broken), django_capture_on_commit_callbacks)
    data_return = DataReturn.objects.get()
    assert data_return.status == ReturnStatus.FAILED
    assert data_return.staged_rows == [] and data_return.upload_content is None
    page = client.get(response["Location"]).content.decode()
    assert "big.csv, row 2, column numerator" in page and "nothing was stored" in page
    assert not DataPoint.objects.exists()


def test_large_file_with_nhs_numbers_is_refused(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    rows = [["4857773456", *row] for row in good_rows()]
    content = csv_bytes(rows, header=["nhs_number", *csv_bytes([]).decode().strip().split(",")])
    _upload(
        client_for(personas["member"]), organisation, content, django_capture_on_commit_callbacks
    )
    data_return = DataReturn.objects.get()
    assert data_return.status == ReturnStatus.FAILED
    assert "equityhub stats aggregate" in data_return.problems[0]
    assert data_return.upload_content is None and not DataPoint.objects.exists()


def test_pipeline_large_file_answers_202_then_preview(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    small_threshold: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.test import Client

    from equityhub.indicators.tokens.services import token_create

    _, key = token_create(
        actor=personas["member"], organisation=organisation, name="n", scope="upload", days=30
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/api/indicators/pipeline/returns",
            {"file": SimpleUploadedFile("big.csv", csv_bytes(good_rows()))},
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    assert response.status_code == 202 and response.json()["status"] == "checking"
    pk = response.json()["id"]
    later = Client().get(
        f"/api/indicators/pipeline/returns/{pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert later.json()["status"] == "preview" and later.json()["progress_total"] == 12
