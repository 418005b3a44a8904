"""Problems grouped by what is wrong ("rows 14–212: 'W9' is not a category"), and the report
an analyst downloads to fix the whole file at once (file, row, column, value, problem)."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass

from equityhub.core.spreadsheet import safe_row
from equityhub.indicators.returns import validate
from equityhub.indicators.returns.validate import Problem

REPORT_COLUMNS = ["file", "row", "column", "value", "problem"]
# Runs of rows named in one group before "and N more runs" (the report has every row).
MAX_RUNS = 12


@dataclass(frozen=True)
class ProblemGroup:
    filename: str
    rows: tuple[int, ...]
    column: str
    message: str

    def _where_rows(self) -> str:
        runs: list[tuple[int, int]] = []
        for row in self.rows:
            if runs and row == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], row)
            else:
                runs.append((row, row))
        words = [str(a) if a == b else f"{a}–{b}" for a, b in runs[:MAX_RUNS]]
        if len(runs) > MAX_RUNS:
            words.append(f"and {len(runs) - MAX_RUNS} more runs")
        label = "row" if len(self.rows) == 1 else "rows"
        return f"{label} {', '.join(words)}"

    def __str__(self) -> str:
        where = self.filename
        if self.rows:
            where = f"{where}, {self._where_rows()}"
        if self.column:
            where = f"{where}, column {self.column}"
        return f"{where}: {self.message}"


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """One group per file, column and message, rows ascending; file-wide problems first."""
    rows: dict[tuple[str, str, str], set[int]] = {}
    for problem in problems:
        found = rows.setdefault((problem.filename, problem.column, problem.message), set())
        if problem.row:
            found.add(problem.row)
    groups = [
        ProblemGroup(filename, tuple(sorted(numbers)), column, message)
        for (filename, column, message), numbers in rows.items()
    ]
    return sorted(groups, key=lambda g: (g.rows[:1] or (0,), g.column, g.message))


def report_rows(problems: Iterable[Problem]) -> list[list[str | int]]:
    """One row per problem; when the check stopped at its limit, a last row says so."""
    rows: list[list[str | int]] = [
        [p.filename, p.row or "", p.column, p.value, p.message] for p in problems
    ]
    limit = validate.MAX_PROBLEMS  # read now: the limit a check stops at
    if len(rows) >= limit:
        filename = str(rows[0][0])
        del rows[limit:]
        rows.append([filename, "", "", "", truncated_words(limit)])
    return rows


def truncated_words(limit: int) -> str:
    return (
        f"Only the first {limit:,} problems are listed: checking stopped there. Fix these and "
        "check the file again to see any more."
    )


def report_csv(rows: list[list[str | int]]) -> bytes:
    """The problem report as CSV; text cells guarded for spreadsheets (values come from users)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8")


def stored_report(problems: Iterable[Problem]) -> bytes:
    """The report kept with a return checked in the background (gzipped: a national file's
    100,000 problems are megabytes of CSV but compress well)."""
    return gzip.compress(report_csv(report_rows(problems)), mtime=0)


def report_from_stored(stored: bytes) -> bytes:
    return gzip.decompress(stored)
