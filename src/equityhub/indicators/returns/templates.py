"""Templates an analyst fills in: the upload's columns, two example rows that upload as they
are, and every breakdown's category codes with what they mean.

The CSV holds only the data (so it uploads unchanged); the category codes go in a companion
CSV and, in the XLSX, on sheets after the "Data" sheet (uploads read the "Data" sheet).
WRES and WDES indicators carry the words the WRES and WDES publish beside each code.
"""

from __future__ import annotations

import csv
import io

from equityhub.core.spreadsheet import safe_row
from equityhub.indicators.registry.categories import (
    ALLOWED,
    ETHNIC_NAMES,
    NESTED_IN,
    TOTAL,
    UNKNOWN,
    category_label,
)
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.returns.parse import TIDY_COLUMNS

EXAMPLE_PERIOD = "2024-25"
AGE_BANDS = ("0-17", "18-64", "65+")
# Types whose results are computed elsewhere and supplied with their limits.
SUPPLIED_TYPES = ("dsr", "mean")
# How the WRES (Workforce Race Equality Standard) and WDES (Workforce Disability Equality
# Standard) publish their groups, so an analyst copying from those returns finds their words.
WRES_WORDS = {
    **{group: "BME (Black and minority ethnic)" for group in ("Mixed", "Asian", "Black", "Other")},
    "White": "White",
    UNKNOWN: "Unknown/null",
}
WDES_WORDS = {"Disabled": "Disabled", "Not disabled": "Non-disabled", UNKNOWN: "Unknown/null"}


def columns(indicator: Indicator) -> list[str]:
    counts = ["numerator", "denominator"] if indicator.type != "count" else ["numerator"]
    if indicator.type in SUPPLIED_TYPES:
        counts = [*counts, "value", "lower_95", "upper_95"]
    return [*TIDY_COLUMNS, *counts]


def _example_category(breakdown: str) -> str:
    if breakdown == "age_band":
        return AGE_BANDS[0]
    return ALLOWED.get(breakdown, (TOTAL,))[0]


def example_rows(indicator: Indicator, area_code: str) -> list[list[str | int | float]]:
    """An overall row and one category of the first other breakdown; they pass every check
    (a part of a breakdown may add up to less than the total, never to more)."""
    others = [b for b in indicator.breakdowns if b != "overall"]
    cells = [("overall", TOTAL, 120, 1000, 120.0, 113.1, 127.2)]
    if others:
        cells.append((others[0], _example_category(others[0]), 30, 200, 150.0, 131.9, 169.8))
    rows: list[list[str | int | float]] = []
    for breakdown, category, x, n, value, lower, upper in cells:
        row: list[str | int | float] = [indicator.code, area_code, EXAMPLE_PERIOD, breakdown]
        row.append(category)
        counts: list[str | int | float] = [x, n] if indicator.type != "count" else [x]
        if indicator.type in SUPPLIED_TYPES:
            counts = [*counts, value, lower, upper]
        rows.append(row + counts)
    return rows


def _published_words(indicator: Indicator, breakdown: str, category: str) -> str:
    if indicator.code.startswith("wres-") and breakdown == "ethnic_group":
        return WRES_WORDS.get(category, "")
    if indicator.code.startswith("wres-") and breakdown == "ethnicity":
        return WRES_WORDS.get(NESTED_IN["ethnicity"][1].get(category, UNKNOWN), "")
    if indicator.code.startswith("wdes-") and breakdown == "disability":
        return WDES_WORDS.get(category, "")
    return ""


def category_rows(indicator: Indicator) -> list[list[str]]:
    """(breakdown, category code, meaning, published as) for every breakdown of the indicator."""
    rows = []
    for breakdown in indicator.breakdowns:
        if breakdown == "age_band":
            for band in (*AGE_BANDS, UNKNOWN):
                rows.append([breakdown, band, "any band written like 0-17 or 85+", ""])
            continue
        for category in ALLOWED.get(breakdown, ()):
            meaning = category_label(breakdown, category)
            if breakdown == "ethnicity":
                meaning = ETHNIC_NAMES[category]
            rows.append(
                [breakdown, category, meaning, _published_words(indicator, breakdown, category)]
            )
    return rows


CATEGORY_COLUMNS = ["breakdown", "category", "meaning", "published_as"]


def _csv(header: list[str], rows: list[list[str | int | float]] | list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8")


def template_csv(indicator: Indicator, area_code: str) -> bytes:
    return _csv(columns(indicator), example_rows(indicator, area_code))


def categories_csv(indicator: Indicator) -> bytes:
    return _csv(CATEGORY_COLUMNS, category_rows(indicator))


def template_xlsx(indicator: Indicator, area_code: str) -> bytes:
    """Sheets "Data" (what uploads), "Categories" and "About"."""
    from openpyxl import Workbook

    book = Workbook()
    data = book.worksheets[0]
    data.title = "Data"
    data.append(columns(indicator))
    for row in example_rows(indicator, area_code):
        data.append(row)
    sheet = book.create_sheet("Categories")
    sheet.append(CATEGORY_COLUMNS)
    for category_row in category_rows(indicator):
        sheet.append(safe_row(category_row))
    about = book.create_sheet("About")
    for line in (
        ["indicator", indicator.code],
        ["name", indicator.name],
        ["type", indicator.get_type_display()],
        ["breakdowns", ", ".join(indicator.breakdowns)],
        ["periods", "2024 (calendar year), 2024-25 (financial year), 2024-Q1, 2024-03"],
        ["upload", "Fill in the Data sheet (one row per period, breakdown and category)."],
    ):
        about.append(safe_row(line))  # a name from the registry is text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
