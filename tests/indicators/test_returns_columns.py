"""The column check of tidy CSV returns finds what the row check finds, word for word.

Each bad file below is checked both ways: by columns (`returns_fast.check_by_columns`, which
re-checks only the rows it flags) and by the row check on the whole table. The problems must be
the same, and the column check must have answered (not handed the file back).
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

from equityhub.indicators.models import Indicator
from equityhub.indicators.returns.fast import check_by_columns
from equityhub.indicators.returns.parse import detect_format, read_table, screen_identifiers
from equityhub.indicators.returns.staging import summary_of
from equityhub.indicators.returns.validate import check_rows

HEADER = ["indicator", "area_code", "period", "breakdown", "category", "numerator", "denominator"]
CODE = "waits-over-18-weeks"
ORGANISATION = SimpleNamespace(code="RZZ", name="Test trust")
INDICATORS = {
    CODE: Indicator(
        code=CODE,
        name="Waits",
        type="proportion",
        multiplier=100,
        polarity="lower_better",
        breakdowns=["overall", "deprivation_decile", "deprivation_quintile", "sex"],
    )
}


def period_rows(period: str) -> list[list[Any]]:
    """One period's rows: overall, deciles and quintiles with Unknown, sex; all adding up."""
    deciles = [(30 + d, 100 + d) for d in range(10)]
    unknown = (5, 20)
    total = (sum(x for x, _ in deciles) + 5, sum(n for _, n in deciles) + 20)
    rows = [[CODE, "RZZ", period, "overall", "Total", *total]]
    rows += [
        [CODE, "RZZ", period, "deprivation_decile", str(d + 1), x, n]
        for d, (x, n) in enumerate(deciles)
    ]
    rows.append([CODE, "RZZ", period, "deprivation_decile", "Unknown", *unknown])
    for q in range(5):
        (x1, n1), (x2, n2) = deciles[2 * q], deciles[2 * q + 1]
        rows.append([CODE, "RZZ", period, "deprivation_quintile", str(q + 1), x1 + x2, n1 + n2])
    rows.append([CODE, "RZZ", period, "deprivation_quintile", "Unknown", *unknown])
    female = (total[0] // 2, total[1] // 2)
    rows.append([CODE, "RZZ", period, "sex", "Female", *female])
    rows.append([CODE, "RZZ", period, "sex", "Male", total[0] - female[0], total[1] - female[1]])
    return rows


def to_csv(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def base_rows() -> list[list[Any]]:
    return [row for period in ("2024-Q1", "2024-Q2", "2024-Q3") for row in period_rows(period)]


def by_rows(content: bytes) -> list[tuple[str, str]]:
    table = read_table("return.csv", content)
    screen_identifiers(table)
    detect_format(table)
    checked = check_rows(table, ORGANISATION, INDICATORS)
    return [(str(p), p.value) for p in checked.problems]


def by_columns(content: bytes) -> list[tuple[str, str]]:
    checked = check_by_columns("return.csv", content, ORGANISATION, INDICATORS)
    assert checked is not None, "the column check handed the file back"
    return [(str(p), p.value) for p in checked.problems]


def changed(rows: list[list[Any]], *changes: tuple[int, int, Any]) -> list[list[Any]]:
    out = [list(row) for row in rows]
    for index, column, value in changes:
        out[index][column] = value
    return out


BAD_FILES: dict[str, list[tuple[int, int, Any]]] = {
    "unknown indicator": [(3, 0, "no-such-code")],
    "another organisation": [(4, 1, "RAA")],
    "not a period": [(5, 2, "2024-Q5")],
    "breakdown not allowed": [(6, 3, "ethnicity")],
    "not a category": [(7, 4, "11")],
    "not a number": [(8, 5, "12a")],
    "negative": [(9, 5, "-3")],
    "infinite": [(9, 6, "inf")],
    "more than the denominator": [(10, 5, "500")],
    "zero denominator": [(2, 6, "0")],
    "no counts": [(2, 5, ""), (2, 6, "")],
    "numerator without denominator": [(2, 6, "")],
    "too large": [(2, 6, "2e9")],
    "sums do not add up": [(3, 5, 40)],
    "nested sums do not add up": [(14, 6, 999)],
    "several problems": [(3, 0, "x"), (30, 4, "12"), (50, 5, "-1")],
    "no area code": [(4, 1, "")],
    "no period": [(4, 2, " ")],
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_get_the_row_checks_messages(name: str) -> None:
    content = to_csv(changed(base_rows(), *BAD_FILES[name]))
    expected = by_rows(content)
    assert expected, "the mutation should be a problem"
    assert by_columns(content) == expected


def test_a_duplicate_row_is_named_with_the_row_it_repeats() -> None:
    rows = base_rows()
    content = to_csv([*rows[:5], rows[2], *rows[5:]])
    assert by_columns(content) == by_rows(content)
    assert "duplicate of row 4" in by_columns(content)[0][0]


def test_a_mixed_lsoa_vintage_is_named() -> None:
    rows = [[*row, "2021"] for row in base_rows()]
    rows[5][-1] = "2011"
    rows[30][-1] = "LSOA 2021"
    content = to_csv(rows, [*HEADER, "lsoa_vintage"])
    assert len(by_columns(content)) == 2
    assert by_columns(content) == by_rows(content)


def test_a_clean_file_stages_the_same_rows_as_the_row_check() -> None:
    content = to_csv(base_rows())
    checked = check_by_columns("return.csv", content, ORGANISATION, INDICATORS)
    assert checked is not None and checked.frame is not None and not checked.problems
    table = read_table("return.csv", content)
    detect_format(table)
    assert checked.frame.to_dicts() == check_rows(table, ORGANISATION, INDICATORS).rows
    assert checked.notes == table.notes


def test_spaces_blank_lines_and_windows_1252_are_read_as_the_row_check_reads_them() -> None:
    text = to_csv(base_rows()).decode().replace(",RZZ,", ", rzz ,").replace("\r\n", "\r\n\r\n", 3)
    content = text.encode("cp1252")
    checked = check_by_columns("return.csv", content, ORGANISATION, INDICATORS)
    assert checked is not None and checked.frame is not None
    table = read_table("return.csv", content)
    detect_format(table)
    assert checked.frame.to_dicts() == check_rows(table, ORGANISATION, INDICATORS).rows


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"indicator;area_code\n", "semicolons (decimal comma) are read by the row check"),
        (b"Indicator,Area Code\nx,y\n", "a header to rename"),
        (to_csv([["x", "RZZ"]], ["indicator", "nhs_number"]), "identifier column"),
    ],
)
def test_files_the_column_check_does_not_read_go_to_the_row_check(content: bytes, why: str) -> None:
    assert check_by_columns("return.csv", content, ORGANISATION, INDICATORS) is None, why


def test_an_identifier_in_a_cell_is_left_to_the_row_check_to_refuse() -> None:
    rows = changed(base_rows(), (7, 4, "943 476 5919"))
    assert check_by_columns("return.csv", to_csv(rows), ORGANISATION, INDICATORS) is None


def test_one_wrong_row_in_a_million_is_named() -> None:
    periods = [f"{1900 + i // 12}-{i % 12 + 1:02d}" for i in range(1_000_000 // 21 + 1)]
    one = pl.DataFrame(period_rows("P"), schema=HEADER, orient="row")
    frame = pl.concat(one.with_columns(period=pl.lit(p)) for p in periods).head(1_000_000)
    wrong = 765_432  # 0-based: file row 765,434
    frame = frame.with_columns(
        category=pl.when(pl.int_range(pl.len()) == wrong)
        .then(pl.lit("W9"))
        .otherwise(pl.col("category"))
    )
    # the file is cut mid-period; the last period's sex rows are partial, which is allowed
    checked = check_by_columns("national.csv", frame.write_csv().encode(), ORGANISATION, INDICATORS)
    assert checked is not None
    breakdown = frame["breakdown"][wrong]
    assert [str(p) for p in checked.problems] == [
        f"national.csv, row {wrong + 2}, column category: 'W9' is not a category of {breakdown}"
    ]


@pytest.mark.parametrize(
    ("column", "spelling"), [(2, "2024q1"), (3, "Deprivation_Decile"), (1, "rzz")]
)
def test_a_duplicate_written_another_way_is_named(column: int, spelling: str) -> None:
    """A period, breakdown or area written differently is still the same row twice."""
    rows = base_rows()
    again = list(rows[3])
    again[column] = spelling
    content = to_csv([*rows[:5], again, *rows[5:]])
    assert by_columns(content) == by_rows(content)
    assert "duplicate of row 5" in by_columns(content)[0][0]


def test_the_summary_the_check_counts_is_the_staged_rows_summary() -> None:
    rows = [
        [*row[:2], "2024q2" if row[2] == "2024-Q2" else row[2], *row[3:]] for row in base_rows()
    ]
    rows = [[*row[:3], "Sex" if row[3] == "sex" else row[3], *row[4:]] for row in rows]
    checked = check_by_columns("return.csv", to_csv(rows), ORGANISATION, INDICATORS)
    assert checked is not None and checked.frame is not None and checked.summary is not None
    assert checked.summary == summary_of(checked.frame)
    assert {p for s in checked.summary for p in s["periods"]} == {"2024-Q1", "2024-Q2", "2024-Q3"}
