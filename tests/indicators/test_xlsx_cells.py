"""Workbooks with merged cells or formulas: the message names the cell; saved values are read."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from equityhub.indicators.returns.parse import UnreadableFile, read_table
from tests.indicators.conftest import HEADER, good_rows
from tests.indicators.xlsx_files import sheet_xml, workbook


def openpyxl_workbook(rows: list[list[Any]], change: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    change(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_merged_cells_are_refused_naming_the_range() -> None:
    content = openpyxl_workbook(good_rows(), lambda sheet: sheet.merge_cells("C3:C5"))
    with pytest.raises(UnreadableFile) as error:
        read_table("return.xlsx", content)
    assert str(error.value) == (
        "return.xlsx: sheet 'Data', cells C3:C5 are merged: unmerge them so that every row has "
        "its own value in every column"
    )


def test_a_formula_without_a_saved_value_is_refused_naming_the_cell() -> None:
    def formula(sheet: Any) -> None:
        sheet["F4"] = "=F2+F3"
        sheet["G9"] = "=SUM(G2:G8)"

    content = openpyxl_workbook(good_rows(), formula)
    with pytest.raises(UnreadableFile) as error:
        read_table("return.xlsx", content)
    assert str(error.value) == (
        "return.xlsx: sheet 'Data', cell F4 (and 1 more) holds a formula with no saved value: "
        "open the file in Excel and save it, or paste the values in place of the formulas"
    )


def test_formulas_with_saved_values_are_read_and_named_in_the_preview_notes() -> None:
    rows: list[list[Any]] = [list(HEADER), *good_rows()]
    sheet = sheet_xml(rows)
    numerator = rows[1][5]
    plain = f'<c r="F2"><v>{numerator}</v></c>'
    assert plain in sheet
    sheet = sheet.replace(plain, f'<c r="F2"><f>100+{numerator - 100}</f><v>{numerator}</v></c>')
    table = read_table("return.xlsx", workbook(sheet))
    assert table.rows[0]["numerator"] == str(numerator)
    assert table.notes == [
        "Read as an Excel workbook, sheet 'Data'. Cell F2 holds a formula: the value Excel "
        "saved was read."
    ]


def test_a_workbook_without_merges_or_formulas_has_no_such_note() -> None:
    rows: list[list[object]] = [list(HEADER), *good_rows()]
    table = read_table("return.xlsx", workbook(sheet_xml(rows)))
    assert table.notes == ["Read as an Excel workbook, sheet 'Data'."]
