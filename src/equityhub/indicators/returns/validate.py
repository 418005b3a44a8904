"""Checking a return row by row: every problem names the file, row and column.

Rows come out as plain dicts ready to store (`staged_rows`), so a preview can be committed later
without reading the file again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from equityhub.indicators.registry.categories import TOTAL, normalise_category, parse_period
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.parse import Table
from equityhub.indicators.returns.ranges import range_problems
from equityhub.indicators.returns.sums import sum_problems

# Every problem is listed (grouped on the page, one per row in the report); the cap only bounds
# memory for a file where every one of a million rows is wrong.
MAX_PROBLEMS = 100_000
PROGRESS_EVERY = 1000
LSOA_VINTAGES = ("2021", "21")  # digits of e.g. "2021", "LSOA21", "LSOA 2021"
IMD_VERSIONS = ("2025",)


@dataclass(frozen=True)
class Problem:
    filename: str
    row: int
    column: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.filename}, row {self.row}" if self.row else self.filename
        if self.column:
            where = f"{where}, column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class Checked:
    """What a check found. A clean file checked by columns has its rows in ``frame`` instead."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    frame: pl.DataFrame | None = None
    summary: list[dict[str, Any]] | None = None  # the frame's, when the check counted it

    @property
    def row_count(self) -> int:
        return self.frame.height if self.frame is not None else len(self.rows)


def _number(text: str, decimal_comma: bool = False) -> float | None:
    if decimal_comma and "," in text:
        # "1.234,5" in a semicolon file saved by Excel where a comma is the decimal mark
        text = text.replace(".", "").replace(",", ".")
    cleaned = text.replace(",", "").strip()
    if cleaned == "":
        return None
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError
    return value


class _RowChecker:
    def __init__(self, table: Table, organisation: Any, indicators: dict[str, Indicator]):
        self.table = table
        self.organisation = organisation
        self.indicators = indicators
        self.checked = Checked(notes=list(table.notes))
        self.seen: dict[tuple[str, ...], int] = {}
        self.seen_vintage: dict[str, tuple[int, str, str]] = {}
        self.current: dict[str, str] = {}

    def problem(self, row: int, column: str, message: str) -> None:
        value = self.current.get(column, "") if column else ""
        self.checked.problems.append(Problem(self.table.filename, row, column, message, value))

    def numbers(self, number: int, row: dict[str, str]) -> dict[str, float | None] | None:
        values: dict[str, float | None] = {}
        ok = True
        for column in ("numerator", "denominator", "value", "lower_95", "upper_95"):
            try:
                values[column] = _number(row.get(column, ""), self.table.decimal_comma)
            except ValueError:
                self.problem(number, column, f"{row[column]!r} is not a number")
                ok = False
                continue
            if column in ("numerator", "denominator") and (values[column] or 0) < 0:
                self.problem(number, column, "must not be negative")
                ok = False
        return values if ok else None

    def counts(self, number: int, indicator: Indicator, values: dict[str, float | None]) -> bool:
        for column, message in range_problems(indicator, values):
            self.problem(number, column, message)
            return False
        x, n, v = values["numerator"], values["denominator"], values["value"]
        if x is None and v is None:
            self.problem(number, "numerator", "give a numerator (with a denominator) or a value")
            return False
        if x is not None and n is None and indicator.type not in ("count",):
            self.problem(number, "denominator", "is missing: a numerator needs a denominator")
            return False
        if n is not None and n == 0:
            self.problem(number, "denominator", "must be above zero")
            return False
        if indicator.type == "proportion" and x is not None and n is not None and x > n:
            self.problem(number, "numerator", f"{x:g} is more than the denominator {n:g}")
            return False
        lower, upper = values["lower_95"], values["upper_95"]
        if v is not None and lower is not None and upper is not None and not lower <= v <= upper:
            self.problem(number, "value", "is not between lower_95 and upper_95")
            return False
        return True

    def vintage(self, number: int, row: dict[str, str]) -> bool:
        """Deprivation rows must use IMD 2025 on 2021 LSOAs (optional columns say which)."""
        lsoa = row.get("lsoa_vintage", "").strip()
        imd = row.get("imd_version", "").strip().upper().removeprefix("IMD").strip()
        if lsoa and re.sub(r"\D", "", lsoa) not in LSOA_VINTAGES:
            self.problem(
                number,
                "lsoa_vintage",
                f"{lsoa!r} is the wrong LSOA vintage: deprivation deciles and quintiles must come "
                "from IMD 2025, which is built on 2021 LSOAs. Count again with "
                "`equityhub stats aggregate` using 2021 LSOA codes",
            )
            return False
        if imd and imd not in IMD_VERSIONS:
            self.problem(
                number,
                "imd_version",
                f"{row.get('imd_version')!r} is not IMD 2025: deprivation deciles and quintiles "
                "must come from IMD 2025 (on 2021 LSOAs) so periods and organisations compare",
            )
            return False
        first = self.seen_vintage.setdefault("vintage", (number, lsoa, imd))
        if (lsoa, imd) != first[1:]:
            self.problem(
                number,
                "lsoa_vintage" if lsoa != first[1] else "imd_version",
                f"differs from row {first[0]}: one return uses one LSOA vintage and IMD edition",
            )
            return False
        return True

    def row(self, number: int, row: dict[str, str]) -> None:
        self.current = row
        indicator = self.indicators.get(row.get("indicator", "").strip())
        if indicator is None:
            self.problem(number, "indicator", f"{row.get('indicator')!r} is not a known code")
            return
        area = row.get("area_code", "").strip().upper()
        if area != self.organisation.code.upper():
            self.problem(
                number,
                "area_code",
                f"{area!r} is not {self.organisation.code} "
                f"({self.organisation.name}), this return's organisation",
            )
            return
        period = parse_period(row.get("period", ""))
        if period is None:
            self.problem(
                number,
                "period",
                f"{row.get('period')!r} is not a period (use 2024, 2024-25, 2024-Q1 or 2024-03)",
            )
            return
        breakdown = row.get("breakdown", "").strip().lower() or "overall"
        if breakdown not in indicator.breakdowns:
            allowed = ", ".join(indicator.breakdowns)
            self.problem(
                number,
                "breakdown",
                f"{breakdown!r} is not a breakdown of {indicator.code} (allowed: {allowed})",
            )
            return
        if breakdown.startswith("deprivation") and not self.vintage(number, row):
            return
        category = normalise_category(breakdown, row.get("category", "") or TOTAL)
        if category is None:
            self.problem(
                number, "category", f"{row.get('category')!r} is not a category of {breakdown}"
            )
            return
        values = self.numbers(number, row)
        if values is None or not self.counts(number, indicator, values):
            return
        key = (indicator.code, period[0], breakdown, category)
        if key in self.seen:
            self.problem(
                number,
                "category",
                f"duplicate of row {self.seen[key]} (same "
                "indicator, period, breakdown and category)",
            )
            return
        self.seen[key] = number
        self.checked.rows.append(
            {
                "indicator": indicator.code,
                "area_code": area,
                "period": period[0],
                "period_number": period[1],
                "breakdown": breakdown,
                "category": category,
                "row": number,
                **values,
            }
        )


def check_rows(
    table: Table,
    organisation: Any,
    indicators: dict[str, Indicator],
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Check every row of a tidy table (problems stop only at MAX_PROBLEMS).

    ``progress(done, total)`` is called every PROGRESS_EVERY rows (for background checks).
    """
    checker = _RowChecker(table, organisation, indicators)
    total = len(table.rows)
    for index, row in enumerate(table.rows, start=2):
        number = int(row.pop("_row", index))
        checker.row(number, row)
        if progress is not None and (index - 1) % PROGRESS_EVERY == 0:
            progress(index - 1, total)
        if len(checker.checked.problems) >= MAX_PROBLEMS:
            checker.checked.notes.append(f"Checking stopped after {MAX_PROBLEMS} problems.")
            break
    if not checker.checked.problems:
        checker.current = {}  # a sum names rows, not one row's value
        for number, column, message in sum_problems(checker.checked.rows):
            checker.problem(number, column, message)
    return checker.checked
