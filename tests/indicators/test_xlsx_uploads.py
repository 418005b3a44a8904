"""Hostile spreadsheets: refused before parsing by size, ratio, dimensions and cells; a workbook
that gets past those checks but needs too much memory ends only its own child process.

Every hostile file here is a few kilobytes on disk.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from equityhub.indicators.models import DataReturn, ReturnStatus
from equityhub.indicators.returns.parse import UnreadableFile
from equityhub.indicators.returns.services import return_check
from tests.indicators.conftest import HEADER, good_rows
from tests.indicators.xlsx_files import shared_string_amplifier, sheet_xml, workbook

pytestmark = pytest.mark.django_db


def real_workbook(rows: list[list[Any]]) -> bytes:
    """A workbook as a spreadsheet program writes it (openpyxl stands in for Excel)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check(actor: Any, organisation: Any, content: bytes) -> Any:
    return return_check(
        actor=actor, organisation=organisation, filename="return.xlsx", content=content
    )


def test_a_real_workbook_is_read_into_a_preview(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    preview = check(personas["member"], organisation, real_workbook(good_rows()))
    assert not preview.problems, [str(p) for p in preview.problems]
    assert preview.data_return is not None
    assert preview.data_return.row_count == 12
    assert preview.data_return.file_format == "xlsx (tidy)"


HOSTILE = {
    "a dimension claiming the whole grid": (
        workbook(sheet_xml([["a"]], dimension="A1:XFD1048576")),
        "reaches row 1048576 (at most 200000 rows)",
    ),
    "one cell at the far corner": (
        workbook(sheet_xml([["a"]], extra='<row r="900"><c r="XFD900"><v>1</v></c></row>')),
        "reaches column 16384 (at most 100 columns)",
    ),
    "a part compressed a thousand times": (
        workbook(sheet_xml([["a"]]), padding=5_000_000),
        "real data does not compress that well",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_workbooks_are_refused_before_parsing(
    registry: None, personas: dict[str, Any], organisation: Any, name: str
) -> None:
    content, message = HOSTILE[name]
    assert len(content) < 10_000, "small on disk"
    with pytest.raises(UnreadableFile, match=re.escape(message)) as refused:
        check(personas["member"], organisation, content)
    assert str(refused.value).startswith("return.xlsx: ")
    assert not DataReturn.objects.exists()


def test_too_many_cells_are_refused(
    registry: None, personas: dict[str, Any], organisation: Any, settings: Any
) -> None:
    settings.XLSX_MAX_CELLS = 100
    rows = [[f"r{r}c{c}" for c in range(10)] for r in range(11)]
    with pytest.raises(UnreadableFile, match="has over 100 cells"):
        check(personas["member"], organisation, workbook(sheet_xml(rows)))


def test_too_much_unzipped_data_is_refused(
    registry: None, personas: dict[str, Any], organisation: Any, settings: Any
) -> None:
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 20_000
    rows = [[f"a long enough cell {r}-{c}" for c in range(10)] for r in range(100)]
    with pytest.raises(UnreadableFile, match="MB when unzipped"):
        check(personas["member"], organisation, workbook(sheet_xml(rows)))


def test_a_workbook_needing_too_much_memory_is_refused_and_the_next_upload_works(
    registry: None, personas: dict[str, Any], organisation: Any, settings: Any
) -> None:
    # One 0.9 MB shared string referenced by 5,000 cells: 28 kB on disk, 4.5 GB once read. It
    # passes the zip checks (no single part is large), so the memory limit must stop it.
    settings.XLSX_PARSE_MEMORY_MB = 256
    amplifier = shared_string_amplifier(900_000, 5000)
    assert len(amplifier) < 50_000
    with pytest.raises(UnreadableFile, match="needs more memory or time to read than is allowed"):
        check(personas["member"], organisation, amplifier)
    assert not DataReturn.objects.exists()
    preview = check(personas["member"], organisation, real_workbook(good_rows()))
    assert preview.data_return is not None


def test_the_upload_page_names_the_refused_file(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    content, _ = HOSTILE["a dimension claiming the whole grid"]
    response = client_for(personas["member"]).post(
        reverse("indicators:upload"),
        {"organisation": organisation.code, "file": SimpleUploadedFile("bomb.xlsx", content)},
    )
    assert response.status_code == 400
    assert "bomb.xlsx: sheet xl/worksheets/sheet1.xml reaches row 1048576" in (
        response.content.decode()
    )
    assert not DataReturn.objects.exists()


def test_a_hostile_workbook_checked_in_the_background_fails_with_its_reason(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.INDICATORS_BACKGROUND_BYTES = 100
    content, message = HOSTILE["a part compressed a thousand times"]
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas["member"]).post(
            reverse("indicators:upload"),
            {"organisation": organisation.code, "file": SimpleUploadedFile("big.xlsx", content)},
        )
    data_return = DataReturn.objects.get()
    assert data_return.status == ReturnStatus.FAILED
    assert message in data_return.problems[0]
    assert data_return.upload_content is None
