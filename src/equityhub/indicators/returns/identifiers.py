"""Spotting a personal identifier inside any text cell of an upload, in the forms NHS data uses.

NHS numbers are written `9434765919`, `943 476 5919`, `943-476-5919` or `943.476.5919`, alone or
inside other text; only ten digits that pass the NHS number's modulus 11 check count, so an
ordinary large count is not mistaken for one. Dates of birth come as `01/02/1980`, `01-02-1980`,
`01.02.1980`, `1/2/80`, `1980-02-01` (with or without a time), `01-Feb-1980`, `1 February
1980`, or the Data Dictionary's `CCYYMMDD` (`19800201`). Postcodes are matched in either case,
with or without the space.

A full date in a reporting-period column is a period, not a birth date; the compact `CCYYMMDD`
form is not looked for in columns of figures, where an eight-digit count is ordinary.
"""

from __future__ import annotations

import re

NHS_NUMBER = re.compile(r"(?<![\d.,])(\d{3})([ .\-]?)(\d{3})\2(\d{4})(?!\d|[.,]\d)")
POSTCODE = re.compile(r"(?<![A-Z0-9])[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?![A-Z0-9])")
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")
YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?!\d)")
MONTH_NAME = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*(?:{MONTHS})(?![a-z])\.?[\s\-/,]*"
    r"(\d{4}|\d{2})(?!\d)",
    re.IGNORECASE,
)
COMPACT = re.compile(r"(?<!\d)(19|20)(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# Columns of figures (tidy and Fingertips, normalised): an eight-digit number there is a count.
FIGURE_COLUMNS = {
    "numerator", "denominator", "value", "lower_95", "upper_95", "count",
    "lower_ci_95_0_limit", "upper_ci_95_0_limit", "lower_ci_99_8_limit", "upper_ci_99_8_limit",
    "indicator_id",
}  # fmt: skip


def is_nhs_number(digits: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (0 if check == 11 else check) == int(digits[9])


def _has_nhs_number(value: str) -> bool:
    return any(is_nhs_number("".join(m.group(1, 3, 4))) for m in NHS_NUMBER.finditer(value))


def _is_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _has_full_date(value: str, compact: bool) -> bool:
    for m in DAY_FIRST.finditer(value):
        if _is_day_month(m[1], m[3]) or _is_day_month(m[3], m[1]):  # day first, or US order
            return True
    if any(_is_day_month(m[4], m[3]) for m in YEAR_FIRST.finditer(value)):
        return True
    if any(1 <= int(m[1]) <= 31 for m in MONTH_NAME.finditer(value)):
        return True
    return compact and COMPACT.search(value) is not None


def identifier_kind(column: str, value: str) -> str | None:
    """What identifier the cell holds ("an NHS number", "a postcode", "a date of birth"), if any.

    `column` is the column's normalised name (lower case, underscores).
    """
    if not value or not any(ch.isdigit() for ch in value):
        return None  # every identifier looked for has a digit; most cells have none
    if len(value) < 8 and value.replace(".", "", 1).isdigit():
        # A short plain figure (most cells of a return): too few digits for an NHS number or a
        # CCYYMMDD date, and no letters or separators for a postcode or another date form.
        return None
    if _has_nhs_number(value):
        return "an NHS number"
    if POSTCODE.search(value.upper()):
        return "a postcode"
    if "period" not in column and _has_full_date(value, compact=column not in FIGURE_COLUMNS):
        return "a date of birth"
    return None
