"""Reading a CSV file of people to add to a learning set: all or nothing.

The file has a header row with `email` and, optionally, `full_name`. Every problem is reported
with the file name, the row (as a spreadsheet numbers it: the header is row 1) and the column,
and nothing is stored while any problem remains.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from equityhub.core.spreadsheet import is_formula_like

COLUMNS = ("email", "full_name")
MAX_BYTES = 512 * 1024
MAX_ROWS = 500
MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. Row 0 means the file as a whole."""

    filename: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.filename]
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ProblemsFound(ValidationError):
    """The file (or the people in it) cannot be added; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = [str(problem) for problem in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"and {len(problems) - MAX_PROBLEMS_SHOWN} more problems")
        super().__init__(shown)


@dataclass(frozen=True)
class Candidate:
    """A person named in the file (or picked by area), with the row they came from."""

    row: int
    email: str
    full_name: str = ""


def _text(filename: str, content: bytes) -> str:
    def refuse(message: str) -> ProblemsFound:
        return ProblemsFound([Problem(filename, 0, "", message)])

    if len(content) > MAX_BYTES:
        raise refuse(f"the file is larger than {MAX_BYTES // 1024} KB: split it into smaller files")
    if b"\x00" in content:
        raise refuse("this is not a CSV file: save it from your spreadsheet as CSV UTF-8")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise refuse(
            f"the file is not UTF-8 text (byte {error.start + 1}): "
            "save it from your spreadsheet as “CSV UTF-8”"
        ) from error


def _header(filename: str, reader: csv.DictReader[str]) -> list[str]:
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "email" not in header:
        message = "the first row must name the columns: " + ", ".join(COLUMNS)
        raise ProblemsFound([Problem(filename, 1, "", message)])
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        message = f"unknown column {unknown[0]!r}: the columns are " + ", ".join(COLUMNS)
        raise ProblemsFound([Problem(filename, 1, unknown[0] or "(blank)", message)])
    return header


def _check_row(filename: str, number: int, email: str, name: str) -> list[Problem]:
    problems = []
    if not email:
        problems.append(Problem(filename, number, "email", "enter an email address"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                Problem(filename, number, "email", f"{email[:80]!r} is not an email address")
            )
    if is_formula_like(name):
        message = "a name cannot start with =, +, - or @ (it would run as a spreadsheet formula)"
        problems.append(Problem(filename, number, "full_name", message))
    if len(name) > 150:
        problems.append(Problem(filename, number, "full_name", "keep names to 150 characters"))
    return problems


def read_candidates(filename: str, content: bytes) -> list[Candidate]:
    """Everyone in the file, or ProblemsFound naming every bad row (nothing half-read)."""
    text = _text(filename, content)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        reader.fieldnames = _header(filename, reader)
        rows = list(reader)
    except csv.Error as error:
        message = f"the file is not valid CSV: {error}"
        raise ProblemsFound([Problem(filename, 0, "", message)]) from error
    if len(rows) > MAX_ROWS:
        message = f"the file has {len(rows):,} rows: add at most {MAX_ROWS} people at a time"
        raise ProblemsFound([Problem(filename, 0, "", message)])
    problems: list[Problem] = []
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        if None in row:
            problems.append(
                Problem(filename, number, "", "this row has more cells than the header")
            )
            continue
        email = (row.get("email") or "").strip().lower()
        name = (row.get("full_name") or "").strip()
        if not email and not name:
            continue  # a blank line
        problems += _check_row(filename, number, email, name)
        if email in seen:
            message = f"{email} is already on row {seen[email]}"
            problems.append(Problem(filename, number, "email", message))
        seen.setdefault(email, number)
        candidates.append(Candidate(number, email, name))
    if problems:
        raise ProblemsFound(problems)
    if not candidates:
        raise ProblemsFound([Problem(filename, 0, "", "the file has no people under the header")])
    return candidates
