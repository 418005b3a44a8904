"""Cells written to CSV files that people open in a spreadsheet program.

A cell that starts with `=`, `+`, `-` or `@` is run as a formula by Excel and LibreOffice
(`=HYPERLINK(...)` sends data away, `=cmd|...` ran programs in older versions). A leading tab
or carriage return is skipped by the spreadsheet before it looks, so `\\t=1+1` is a formula
too; so are the full-width signs some programs fold to their ASCII forms. Such a cell is
written with a leading apostrophe, which the spreadsheet shows as text and does not display.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def safe_cell(value: str) -> str:
    """The value, made inert for a spreadsheet when it would start a formula."""
    return "'" + value if is_formula_like(value) else value
