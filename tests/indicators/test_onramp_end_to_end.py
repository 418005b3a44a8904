"""One format end to end: a record-level file on the analyst's machine, `equityhub stats
aggregate` writes a data return, which uploads unchanged, previews and commits to results."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equityhub.indicators.models import DataReturn, Result
from equityhub.stats.aggregate import imd_lookup
from equityhub.stats.cli import main

pytestmark = pytest.mark.django_db
CODE = "rtt-waiting-over-18-weeks"


def _records(path: Path) -> None:
    """Waiting-list records: an LSOA, sex and a 0/1 flag for waiting over 18 weeks."""
    lookup = imd_lookup(2025)
    firsts = lookup.sort_values("lsoa_code").groupby("imd_decile")["lsoa_code"].first()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pathway_id", "lsoa21", "sex", "over_18_weeks"])
        number = 0
        for decile, lsoa in firsts.items():
            for person in range(30):
                number += 1
                waited = 1 if person < 20 - int(decile) else 0
                writer.writerow([f"P{number}", lsoa, "Female" if person % 2 else "Male", waited])
        writer.writerow([f"P{number + 1}", "", "Female", 1])


def test_record_level_file_to_committed_results(
    registry: None,
    personas: dict[str, Any],
    client_for: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    records, output = tmp_path / "waits.csv", tmp_path / "return.csv"
    _records(records)
    status = main(
        [
            "aggregate",
            str(records),
            "--lsoa",
            "lsoa21",
            "--by",
            "sex",
            "--numerator",
            "over_18_weeks",
            "--indicator",
            CODE,
            "--area",
            "RZZ",
            "--period",
            "2024-25",
            "-o",
            str(output),
        ]
    )
    assert status == 0
    client = client_for(personas["member"])
    with output.open("rb") as handle:
        response = client.post(
            "/indicators/returns/upload/",
            {"organisation": "RZZ", "file": SimpleUploadedFile("return.csv", handle.read())},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = client.get(response["Location"])
    assert b"What will be stored" in preview.content
    data_return = DataReturn.objects.get()
    # ten deciles, the unknown one, two sexes and the total
    assert data_return.row_count == 14
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/indicators/returns/{data_return.pk}/commit/")
    data_return.refresh_from_db()
    assert data_return.status == "committed"
    total = Result.objects.get(
        area_level="organisation", breakdown="overall", category="Total", kind="category"
    )
    assert (total.numerator, total.denominator) == (sum(range(10, 20)) + 1, 301)
    first = Result.objects.get(
        area_level="organisation", breakdown="deprivation_decile", category="1"
    )
    assert (first.numerator, first.denominator) == (19, 30)
    # ... and the lead sees it on the dashboard, with the figures in the results table
    lead = client_for(personas["owner"])
    results_url = f"/indicators/RZZ/{CODE}/"
    dashboard = lead.get("/indicators/").content.decode()
    assert f'href="{results_url}"' in dashboard and f'href="{results_url}adopt/"' in dashboard
    page = lead.get(results_url).content.decode()
    assert ">301<" in page.replace(",", "") and ">19<" in page
