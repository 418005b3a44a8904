"""Files as NHS analysts have them: CSV in UTF-8 (with or without BOM) or Windows-1252, comma or
semicolon delimited as Excel saves them, XLSX with the data on a named or the first sheet; the
preview says what was detected."""

from __future__ import annotations

import io
from typing import Any

import pytest

from equityhub.indicators.returns.parse import UnreadableFile
from equityhub.indicators.returns.services import return_check
from tests.indicators.conftest import HEADER, good_rows

pytestmark = pytest.mark.django_db


def _text(delimiter: str = ",") -> str:
    lines = [delimiter.join(HEADER)]
    for row in good_rows():
        lines.append(delimiter.join(str(cell) for cell in row))
    return "\r\n".join(lines) + "\r\n"


def _check(personas: dict[str, Any], organisation: Any, content: bytes, name: str) -> Any:
    return return_check(
        actor=personas["member"], organisation=organisation, filename=name, content=content
    )


@pytest.mark.parametrize(
    ("content", "detected"),
    [
        (_text().encode("utf-8"), "UTF-8, comma-delimited"),
        (b"\xef\xbb\xbf" + _text().encode("utf-8"), "UTF-8 with byte order mark, comma-delimited"),
        # plain ASCII is UTF-8 whatever it was saved as; Windows-1252 proper is tested below
        (_text(";").encode("cp1252"), "UTF-8, semicolon-delimited"),
        (_text("\t").encode("utf-8"), "UTF-8, tab-delimited"),
    ],
)
def test_csv_encodings_and_delimiters_are_detected_and_said(
    registry: None, personas: dict[str, Any], organisation: Any, content: bytes, detected: str
) -> None:
    preview = _check(personas, organisation, content, "r.csv")
    assert not preview.problems, [str(p) for p in preview.problems]
    assert any(detected in note for note in preview.data_return.notes), preview.data_return.notes
    assert preview.data_return.row_count == 12


def test_a_windows_1252_semicolon_csv_saved_from_excel_imports(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    # Excel in a decimal-comma locale: semicolons, CRLF, a pound sign and an accented name in a
    # note column, and a decimal comma in a value.
    lines = [
        "indicator;area_code;period;breakdown;category;numerator;denominator;note",
        *(";".join(str(c) for c in row) + ";Café £5" for row in good_rows()),
    ]
    content = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    assert b"\xe9" in content and b"\xa3" in content  # really Windows-1252, not UTF-8
    preview = _check(personas, organisation, content, "Return.csv")
    assert not preview.problems, [str(p) for p in preview.problems]
    page = client_for(personas["member"]).get(f"/indicators/returns/{preview.data_return.pk}/")
    assert b"Windows-1252" in page.content and b"semicolon" in page.content


def test_a_decimal_comma_in_a_semicolon_file_is_a_decimal_point(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    content = (
        "indicator;area_code;period;breakdown;category;value;lower_95;upper_95\r\n"
        "ae-four-hours;RZZ;2024;overall;Total;72,5;70,25;74,75\r\n"
    ).encode("cp1252")
    preview = _check(personas, organisation, content, "r.csv")
    assert not preview.problems, [str(p) for p in preview.problems]
    row = preview.data_return.staged_rows[0]
    assert (row["value"], row["lower_95"], row["upper_95"]) == (72.5, 70.25, 74.75)


def _workbook(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_data_on_a_named_sheet_after_a_notes_sheet(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    content = _workbook(
        [("Read me", [["This workbook holds our return"]]), ("Data", [HEADER, *good_rows()])]
    )
    preview = _check(personas, organisation, content, "r.xlsx")
    assert not preview.problems, [str(p) for p in preview.problems]
    assert any("sheet 'Data'" in note for note in preview.data_return.notes)


def test_xlsx_data_on_the_first_sheet(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    content = _workbook([("Return 2024-25", [HEADER, *good_rows()]), ("Notes", [["x"]])])
    preview = _check(personas, organisation, content, "r.xlsx")
    assert not preview.problems, [str(p) for p in preview.problems]
    assert any("sheet 'Return 2024-25'" in note for note in preview.data_return.notes)


def test_a_file_in_an_unknown_encoding_is_refused_with_a_reason(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    content = _text().encode("utf-16")  # BOM FF FE, NUL bytes between characters
    preview = _check(personas, organisation, content, "r.csv")
    # UTF-16 (Excel's "Unicode text") is read too; anything else undecodable is refused
    assert not preview.problems, [str(p) for p in preview.problems]
    assert any("UTF-16" in note for note in preview.data_return.notes)
    with pytest.raises(UnreadableFile, match="encoding"):
        _check(personas, organisation, b"\x81\x8d\x8f\x90\x9d" * 20 + b"\x00\x01", "r.csv")
