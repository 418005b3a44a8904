"""Cells written to CSV files that people open in a spreadsheet program.

A cell that starts with `=`, `+`, `-` or `@` is run as a formula by Excel and LibreOffice
(`=HYPERLINK(...)` sends data away, `=cmd|...` ran programs in older versions). A leading tab
or carriage return is skipped by the spreadsheet before it looks, so `\\t=1+1` is a formula
too; so are the full-width signs some programs fold to their ASCII forms. Such a cell is
written with a leading apostrophe, which the spreadsheet shows as text and does not display.

Only such cells are touched: an empty cell stays empty and a number (`-0.5`, `+3`) stays a
number, so the file re-imports exactly (a guard on every cell would break that round trip).
An import takes the apostrophe off again with `read_cell`. So that it never takes off one the
text had, a cell that already starts with apostrophes before a formula gets one more.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
Cell = str | int | float


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) and not _is_number(value)


def safe_cell(value: str) -> str:
    """The value, made inert for a spreadsheet when it would start a formula."""
    return "'" + value if is_formula_like(value.lstrip("'")) else value


def read_cell(cell: str) -> str:
    """A cell as it was before `safe_cell`: ``read_cell(safe_cell(v)) == v`` for every text."""
    return cell[1:] if cell.startswith("'") and is_formula_like(cell.lstrip("'")) else cell


def safe_row(values: Iterable[object]) -> list[Cell]:
    """A CSV row: None blank, numbers as they are, text guarded by `safe_cell`."""
    row: list[Cell] = []
    for value in values:
        if value is None:
            row.append("")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            row.append(value)
        else:
            row.append(safe_cell(str(value)))
    return row


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A UTF-8 CSV file (with a byte-order mark, so Excel reads accents) of guarded cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Iterable[object]]) -> bytes:
    """A one-sheet workbook of guarded cells (openpyxl would store `=...` as a formula)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = title[:31]
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
