"""Pages as each persona: upload flow, dashboard tiles, unpublished results stay in the team."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equityhub.indicators.models import Adoption, DataReturn, Indicator
from tests.indicators.conftest import HEADER, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def post_file(client: Any, content: bytes, name: str = "return.csv") -> Any:
    return client.post(
        "/indicators/returns/upload/",
        {"organisation": "RZZ", "file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_upload_preview_commit_flow(
    registry: None,
    personas: dict[str, Any],
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(personas["member"])
    broken = good_rows()
    broken[0][5] = 5000
    response = post_file(client, csv_bytes(broken))
    assert response.status_code == 400
    assert b"return.csv, row 2, column numerator" in response.content
    refused = post_file(
        client, csv_bytes([[*good_rows()[0], "9434765919"]], header=[*HEADER, "nhs_number"])
    )
    assert refused.status_code == 400 and b"equityhub stats aggregate" in refused.content
    assert not DataReturn.objects.exists()
    response = post_file(client, csv_bytes(good_rows()))
    assert response.status_code == 302
    data_return = DataReturn.objects.get()
    preview = client.get(response["Location"])
    assert b"What will be stored" in preview.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/indicators/returns/{data_return.pk}/commit/")
    data_return.refresh_from_db()
    assert data_return.status == "committed"


def test_outsider_cannot_commit_or_see_a_return(
    upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    committed = upload(personas["member"], good_rows())
    outsider = client_for(personas["outsider"])
    assert outsider.get(f"/indicators/returns/{committed.pk}/").status_code == 404
    assert outsider.post(f"/indicators/returns/{committed.pk}/rollback/").status_code == 404


def test_unpublished_results_stay_with_the_team(
    upload: Any, personas: dict[str, Any], client_for: Any
) -> None:
    upload(personas["member"], good_rows())
    url = "/indicators/RZZ/rtt-waiting-over-18-weeks/"
    assert b"Slope index of inequality" in client_for(personas["owner"]).get(url).content
    other = client_for(personas["outsider"]).get(url)
    assert b"no results you can see" in other.content
    assert b"Slope index" not in other.content
    assert client_for(None).get("/api/indicators/results?organisation=RZZ").json()["count"] == 0
    csv_text = client_for(personas["outsider"]).get(url + "results.csv").content.decode()
    assert csv_text.count("\n") == 1  # header only


def test_dashboard_tiles_side_by_side(
    upload: Any, personas: dict[str, Any], client_for: Any, organisation: Any
) -> None:
    upload(personas["member"], good_rows())
    client = client_for(personas["owner"])
    response = client.post(
        "/indicators/RZZ/rtt-waiting-over-18-weeks/adopt/",
        {
            "owner": personas["owner"].pk,
            "target_measure": "value",
            "target_value": "10",
            "target_date": "2030-03-31",
            "target_text": "",
        },
    )
    assert response.status_code == 302
    Adoption.objects.create(
        organisation=organisation, indicator=Indicator.objects.get(code="smoking-at-delivery")
    )
    page = client.get("/indicators/").content.decode()
    assert "Waiting more than 18 weeks" in page and "Performance metric" in page
    assert "Smoking at time of delivery" in page and "Inequality indicator" in page
    assert "Not enough data" in page  # one period only
    assert "15.0 percentage points higher in the most deprived tenth" in page


def test_adopt_refuses_a_target_without_a_date(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    response = client_for(personas["member"]).post(
        "/indicators/RZZ/ae-four-hours/adopt/", {"target_measure": "value", "target_value": "90"}
    )
    assert response.status_code == 400
    assert b"A target needs both a value and a date" in response.content


def test_team_adds_a_local_indicator(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    form = {
        "organisation": "RZZ",
        "name": "Interpreter requests met",
        "description": "Share met",
        "type": "proportion",
        "polarity": "higher_better",
        "multiplier": "100",
        "unit": "%",
        "breakdowns": ["overall", "ethnicity"],
    }
    response = client_for(personas["member"]).post("/indicators/registry/new/", form)
    assert response.status_code == 302
    local = Indicator.objects.get(code="rzz-interpreter-requests-met")
    assert local.owner_organisation.code == "RZZ" and local.breakdowns == ["overall", "ethnicity"]
    assert (
        client_for(personas["outsider"]).get(f"/indicators/registry/{local.code}/").status_code
        == 404
    )
    assert (
        client_for(personas["outsider"]).post("/indicators/registry/new/", form).status_code == 403
    )


def test_indicator_page_draws_sii_and_control_charts_with_tables(
    personas: dict[str, Any], upload: Any, client_for: Any
) -> None:
    import base64
    import re

    for period, shift in (("2022-23", 0), ("2023-24", 10), ("2024-25", 20)):
        upload(personas["member"], good_rows(period, shift=shift), publish=True)
    page = client_for(None).get("/indicators/RZZ/rtt-waiting-over-18-weeks/").content.decode()
    images = re.findall(
        r'<img class="eh-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page
    )
    assert len(images) >= 2
    svgs = [base64.b64decode(data).decode() for data, _ in images]
    assert all(svg.startswith("<svg") for svg in svgs)
    assert any("slope index of inequality" in svg for svg in svgs)
    assert all("table below" in alt for _, alt in images)
    assert "Control chart figures" in page  # the data table under the control chart
