"""Reading an uploaded XLSX file safely: refuse what would expand too far, then read with calamine.

An XLSX file is a zip of XML. A small upload can claim (or really hold) gigabytes of XML, or a
sheet whose last cell is XFD1048576, and a reader that trusts it spends minutes of CPU and
gigabytes of memory. So, before any parsing:

1. the zip directory is checked: entry count, total uncompressed size, and the compression
   ratio of every large entry (a "zip bomb" compresses far better than real data);
2. every worksheet's XML is streamed once (bounded by the checked sizes) to count rows and cells
   and find the furthest cell reference, whatever its `<dimension>` element claims;

and only then the first sheet is read by calamine (Rust, much faster than a Python reader).

This module imports nothing of Django's: `python -m equityhub.indicators.returns.xlsx_reader` runs
it in a child process with limits on its address space and CPU time (see `read_limited`), so one
hostile file cannot take the memory or the CPU of the process that serves pages or runs tasks.
The child reads the file on standard input and answers one JSON object on standard output.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

MAX_ENTRIES = 1000
# Entries smaller than this are not held to the compression ratio: small XML parts (styles,
# an empty sheet) compress very well without being dangerous.
RATIO_FLOOR_BYTES = 1024 * 1024
CHUNK = 1 << 16
CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"')


@dataclass(frozen=True)
class XlsxLimits:
    """What an uploaded workbook may hold; the defaults are overridden from settings."""

    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 100
    max_rows: int = 200_000
    max_columns: int = 100
    max_cells: int = 2_000_000


class XlsxRefused(ValueError):
    """The workbook is over a limit or not a readable workbook (the message says which)."""


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - ord("A") + 1)
    return number


def check_directory(archive: zipfile.ZipFile, limits: XlsxLimits) -> list[zipfile.ZipInfo]:
    """Refuse by the sizes the zip directory declares; return the worksheet entries."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise XlsxRefused(f"the workbook has {len(entries)} parts (at most {MAX_ENTRIES})")
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise XlsxRefused(
            f"the workbook expands to {total // (1024 * 1024)} MB when unzipped "
            f"(at most {limits.max_uncompressed_bytes // (1024 * 1024)} MB)"
        )
    for entry in entries:
        if entry.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > limits.max_ratio:
            raise XlsxRefused(
                f"part {entry.filename} is compressed {ratio:.0f} times (at most "
                f"{limits.max_ratio}); real data does not compress that well"
            )
    sheets = [e for e in entries if re.fullmatch(r"xl/worksheets/[^/]+\.xml", e.filename)]
    if not sheets:
        raise XlsxRefused("the workbook has no worksheet")
    return sheets


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The entry's bytes in chunks; stops at `limit` bytes whatever the directory claimed."""
    read = 0
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > limit:
                raise XlsxRefused(
                    f"part {entry.filename} expands past its declared size; the file is damaged"
                )
            yield chunk


def check_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: XlsxLimits) -> int:
    """Refuse a sheet whose rows, columns or cells are over the limits; return its cell count."""
    cells = rows = last_row = last_column = 0
    tail = b""
    for chunk in _chunks(archive, entry, entry.file_size):
        # Keep a few bytes across chunk boundaries so no tag or reference is cut in two; a
        # match inside the carried tail was counted already, so count only those ending after it.
        text = tail + chunk
        cut = len(tail)
        cells += sum(1 for m in CELL.finditer(text) if m.end() > cut)
        rows += sum(1 for m in ROW.finditer(text) if m.end() > cut)
        for match in CELL_REF.finditer(text):
            last_column = max(last_column, column_number(match[1]))
            last_row = max(last_row, int(match[2]))
        claimed = DIMENSION.search(text)
        if claimed:
            last_column = max(last_column, column_number(claimed[1]))
            last_row = max(last_row, int(claimed[2]))
        _check_size(entry.filename, max(rows, last_row), last_column, cells, limits)
        tail = text[-64:]
    return cells


def _check_size(name: str, rows: int, columns: int, cells: int, limits: XlsxLimits) -> None:
    if rows > limits.max_rows:
        raise XlsxRefused(f"sheet {name} reaches row {rows} (at most {limits.max_rows} rows)")
    if columns > limits.max_columns:
        raise XlsxRefused(
            f"sheet {name} reaches column {columns} (at most {limits.max_columns} columns)"
        )
    if cells > limits.max_cells:
        raise XlsxRefused(f"sheet {name} has over {limits.max_cells} cells")


def check_workbook(content: bytes, limits: XlsxLimits) -> None:
    """Every check that needs no spreadsheet parser; XlsxRefused names the first limit passed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as error:
        raise XlsxRefused("the file is not a readable .xlsx workbook") from error
    with archive:
        cells = 0
        for entry in check_directory(archive, limits):
            cells += check_sheet(archive, entry, limits)
            if cells > limits.max_cells:
                raise XlsxRefused(f"the workbook has over {limits.max_cells} cells")


def cell_text(cell: Any) -> str:
    """A cell as the text a CSV would hold: whole numbers without '.0', dates as ISO dates."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell).strip()


# A sheet with one of these names holds the data wherever it is (the upload templates put a
# "Data" sheet before their "Categories" sheet); otherwise the first sheet does.
DATA_SHEETS = ("data", "return", "data return")


def read_rows(content: bytes, limits: XlsxLimits) -> tuple[str, list[list[str]], str]:
    """Check the workbook, then read the data sheet's rows as text: (its name, rows, a note
    about formulas whose saved values were read, or "")."""
    from python_calamine import CalamineWorkbook

    check_workbook(content, limits)
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            names = list(book.sheet_names)
            chosen = next((n for n in names if n.strip().lower() in DATA_SHEETS), names[0])
            sheet = book.get_sheet_by_name(chosen)
            merged = sheet.merged_cell_ranges or []
            rows = [[cell_text(cell) for cell in row] for row in sheet.iter_rows()]
    except Exception as error:  # calamine raises its own kinds for each way a file is broken
        raise XlsxRefused(f"the spreadsheet cannot be opened ({error})") from error
    if merged:
        (top, left), (bottom, right) = merged[0]
        where = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
        more = f" (and {len(merged) - 1} more merged ranges)" if len(merged) > 1 else ""
        raise XlsxRefused(
            f"sheet {chosen!r}, cells {where} are merged{more}: unmerge them so that every "
            "row has its own value in every column"
        )
    return chosen, rows, formula_note(content, chosen)


def cell_name(row: int, column: int) -> str:
    """ "B3" for row 2, column 1 (both counted from 0)."""
    letters = ""
    column += 1
    while column:
        column, left = divmod(column - 1, 26)
        letters = chr(ord("A") + left) + letters
    return f"{letters}{row + 1}"


def formula_note(content: bytes, sheet: str) -> str:
    """A note naming the sheet's formula cells (their saved values are what is read); refused
    when a formula has no saved value (the file was written by a program that does not
    calculate), since the cell would be read as empty."""
    from equityhub.indicators.returns.xlsx_sheets import formula_cells

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        cells = formula_cells(archive, sheet)
    unsaved = [cell for cell, has_value in cells if not has_value]
    if unsaved:
        more = f" (and {len(unsaved) - 1} more)" if len(unsaved) > 1 else ""
        raise XlsxRefused(
            f"sheet {sheet!r}, cell {unsaved[0]}{more} holds a formula with no saved value: "
            "open the file in Excel and save it, or paste the values in place of the formulas"
        )
    if not cells:
        return ""
    if len(cells) == 1:
        return f"Cell {cells[0][0]} holds a formula: the value Excel saved was read."
    return (
        f"Cell {cells[0][0]} and {len(cells) - 1} more cells hold formulas: the values Excel "
        "saved were read."
    )


def _limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main(argv: list[str]) -> int:
    """Child process: `xlsx_reader MEMORY_BYTES CPU_SECONDS LIMITS_JSON`, the file on stdin."""
    memory, seconds, limits = int(argv[0]), int(argv[1]), XlsxLimits(**json.loads(argv[2]))
    _limit_self(memory, seconds)
    content = sys.stdin.buffer.read()
    try:
        name, rows, note = read_rows(content, limits)
        answer: dict[str, Any] = {"sheet": name, "rows": rows, "note": note}
    except XlsxRefused as error:
        answer = {"refused": str(error)}
    except MemoryError:
        answer = {"refused": "the spreadsheet needs more memory to read than is allowed"}
    sys.stdout.write(json.dumps(answer))
    return 0


def limits_argument(limits: XlsxLimits) -> str:
    return json.dumps(asdict(limits))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
