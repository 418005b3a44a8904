"""Reading an uploaded return: CSV or XLSX, the tidy format or Fingertips "all data" CSV.

The platform accepts aggregated counts only. Files that carry identifiers (NHS number, date of
birth, postcode) or look like one row per person are refused before anything is read further,
with a message pointing to `equityhub stats aggregate`, which makes the counts on the analyst's
own machine.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

from equityhub.indicators.returns.identifiers import identifier_kind

TIDY_COLUMNS = ("indicator", "area_code", "period", "breakdown", "category")
COUNT_COLUMNS = ("numerator", "denominator", "value", "lower_95", "upper_95")
FINGERTIPS_COLUMNS = ("Indicator ID", "Area Code", "Time period", "Category Type", "Category")
# A national return (about a million rows) is 50-60 MB of CSV.
MAX_BYTES = 100 * 1024 * 1024
AGGREGATE_HINT = (
    "Equity Hub accepts aggregated counts only. Make the counts on your own machine with "
    "`equityhub stats aggregate` (it turns record-level or LSOA rows into counts by deprivation "
    "decile), then upload its output."
)
IDENTIFIER_COLUMNS = re.compile(
    r"^(nhs_?(number|no|num)|date_?of_?birth|dob|birth_?date|post_?code|pcd[s2]?|"
    r"patient_?id|person_?id|pseudo_?id|forename|surname|first_?name|last_?name|address|"
    r"d_?o_?b|mrn|hospital_?(number|no)|local_?patient_?(id|identifier))$"
)
RECORD_LEVEL_MIN_ROWS = 20


class RefusedFile(ValueError):
    """The file must not be stored at all (identifiers or record-level rows)."""


class UnreadableFile(ValueError):
    """The file cannot be read as a table."""


@dataclass
class Table:
    """A file's header and rows (each row's cells keyed by column), with the file's name."""

    filename: str
    columns: list[str]
    rows: list[dict[str, str]]
    file_format: str = "csv"
    notes: list[str] = field(default_factory=list)
    decimal_comma: bool = False


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
UNKNOWN_ENCODING = (
    "the file's encoding is not one Equity Hub reads (UTF-8, Windows-1252 or UTF-16, the ones "
    'Excel saves). Save it again from Excel as "CSV UTF-8 (Comma delimited)"'
)


def _decode(content: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252."""
    try:
        if content.startswith(codecs.BOM_UTF8):
            return content[3:].decode("utf-8"), "UTF-8 with byte order mark"
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16"), "UTF-16"
    except UnicodeDecodeError as error:
        raise UnreadableFile(UNKNOWN_ENCODING) from error
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 maps almost every byte, so strict decoding and no NUL bytes are what tell a
    # real one from a binary file or another encoding.
    if b"\x00" in content:
        raise UnreadableFile(UNKNOWN_ENCODING)
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise UnreadableFile(UNKNOWN_ENCODING) from error


def _delimiter(text: str) -> str:
    """The delimiter the header line uses most (Excel writes ';' where ',' is the decimal mark)."""
    end = text.find("\n")  # not split(): that copies the rest of a 60 MB file
    header = text if end < 0 else text[:end]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(content: bytes) -> tuple[list[str], list[dict[str, str]], str, bool]:
    """(header, rows, what was detected, whether a comma is the decimal mark)."""
    text, encoding = _decode(content)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as error:
        raise UnreadableFile("the file is empty") from error
    header = [cell.strip() for cell in header]
    rows = [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in reader]
    decimal_comma = delimiter == ";"
    detected = f"Read as CSV ({encoding}, {DELIMITERS[delimiter]}-delimited" + (
        ", decimal comma)." if decimal_comma else ")."
    )
    return header, [row for row in rows if any(row.values())], detected, decimal_comma


def _read_xlsx(content: bytes) -> tuple[list[str], list[dict[str, str]], str]:
    # Bounded: refused by size, ratio, dimensions and cells, then read under time and memory
    # limits in a child process (see xlsx_reader).
    from equityhub.indicators.returns.xlsx_limited import read_limited
    from equityhub.indicators.returns.xlsx_reader import XlsxRefused

    try:
        sheet, values, formulas = read_limited(content)
    except XlsxRefused as error:
        raise UnreadableFile(str(error)) from error
    if not values:
        raise UnreadableFile(f"the sheet {sheet!r} is empty")
    header = values[0]
    rows = [dict(zip(header, row, strict=False)) for row in values[1:]]
    detected = f"Read as an Excel workbook, sheet {sheet!r}." + (f" {formulas}" if formulas else "")
    return header, [row for row in rows if any(row.values())], detected


def read_table(filename: str, content: bytes) -> Table:
    """Read the data sheet of an XLSX file or a CSV file into a Table; say what was detected."""
    if len(content) > MAX_BYTES:
        raise UnreadableFile(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not content.strip():
        raise UnreadableFile(f"{filename}: the file is empty")
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    decimal_comma = False
    try:
        if is_xlsx:
            header, rows, detected = _read_xlsx(content)
        else:
            header, rows, detected, decimal_comma = _read_csv(content)
    except UnreadableFile as error:
        raise UnreadableFile(f"{filename}: {error}") from error
    if not rows:
        raise UnreadableFile(
            f"{filename}: the file has a header ({', '.join(h for h in header if h)}) but no rows"
        )
    table = Table(filename, header, rows, "xlsx" if is_xlsx else "csv", [detected])
    table.decimal_comma = decimal_comma
    return table


def screen_identifiers(table: Table) -> None:
    """Refuse files with identifier columns or values, or one row per person."""
    named = [c for c in table.columns if IDENTIFIER_COLUMNS.match(_normalise(c))]
    if named:
        raise RefusedFile(
            f"{table.filename}: column(s) {', '.join(named)} hold personal identifiers, so the "
            f"file was not stored. {AGGREGATE_HINT}"
        )
    normalised = {column: _normalise(column) for column in table.columns}
    for number, row in enumerate(table.rows, start=2):
        for column, value in row.items():
            name = normalised.get(column)
            kind = identifier_kind(_normalise(column) if name is None else name, value)
            if kind is not None:
                raise RefusedFile(
                    f"{table.filename}, row {number}, column {column}: the value looks like "
                    f"{kind}, so the file was not stored. {AGGREGATE_HINT}"
                )
    _screen_record_level(table)


def _screen_record_level(table: Table) -> None:
    """Every denominator 1 (or no counts at all) over many rows means one row per person."""
    normalised = {_normalise(c) for c in table.columns}
    if normalised & {"lsoa", "lsoa_code", "lsoa11cd", "lsoa21cd"}:
        raise RefusedFile(
            f"{table.filename}: an LSOA column means the rows are not yet counts by deprivation, "
            f"so the file was not stored. {AGGREGATE_HINT}"
        )
    if len(table.rows) < RECORD_LEVEL_MIN_ROWS:
        return
    denominators = [row.get("denominator", "") for row in table.rows]
    if all(value.strip() in {"1", "1.0"} for value in denominators):
        raise RefusedFile(
            f"{table.filename}: every row has a denominator of 1, which looks like one row per "
            f"person (record-level data), so the file was not stored. {AGGREGATE_HINT}"
        )


RESULTS_EXPORT_COLUMNS = {"organisation", "indicator", "period", "breakdown", "category", "measure"}
# Figures the platform computes from the counts; a re-import keeps the counts only.
COMPUTED_COLUMNS = ("value", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "method")


def _from_results_export(table: Table) -> None:
    """A results CSV from an indicator page as a return: its category rows' counts.

    Summary measures (gaps, slopes) are computed again, and suppressed cells have no counts in
    the export, so both are left out with a note.
    """
    kept, measures, suppressed = [], 0, 0
    for row in table.rows:
        if row.get("measure", "category") != "category":
            measures += 1
        elif row.get("suppressed", "").strip().lower() in ("yes", "true") or not row.get(
            "numerator"
        ):
            suppressed += 1
        else:
            row["area_code"] = row.pop("organisation", "")
            for column in COMPUTED_COLUMNS:
                row.pop(column, None)
            kept.append(row)
    if measures:
        table.notes.append(f"{measures} summary measures rows were left out (computed again).")
    if suppressed:
        table.notes.append(
            f"{suppressed} suppressed rows were left out: the export does not hold their counts."
        )
    table.rows = kept
    table.columns = [*TIDY_COLUMNS, "numerator", "denominator"]


def detect_format(table: Table) -> str:
    """ "tidy", "fingertips" or "results export"; UnreadableFile naming missing columns."""
    if all(column in table.columns for column in FINGERTIPS_COLUMNS):
        return "fingertips"
    names = {c: _normalise(c) for c in table.columns}
    if any(old != new for old, new in names.items()):
        # Only when a header needs it: rebuilding every row costs as much as checking it.
        table.rows = [
            {names.get(k) or _normalise(k): v for k, v in row.items()} for row in table.rows
        ]
    table.columns = [names[c] for c in table.columns]
    if set(table.columns) >= RESULTS_EXPORT_COLUMNS and "area_code" not in table.columns:
        _from_results_export(table)
        return "results export"
    missing = [c for c in TIDY_COLUMNS if c not in table.columns]
    if missing:
        raise UnreadableFile(
            f"{table.filename}: missing column(s) {', '.join(missing)}. The tidy format has "
            f"{', '.join(TIDY_COLUMNS)} and either numerator and denominator or value with "
            "lower_95 and upper_95."
        )
    if not ({"numerator", "value"} & set(table.columns)):
        raise UnreadableFile(
            f"{table.filename}: no numerator or value column, so there are no counts to read. "
            f"{AGGREGATE_HINT}"
        )
    return "tidy"
