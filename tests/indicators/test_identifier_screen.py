"""The identifier screen on uploads: a corpus of the forms NHS data writes identifiers in, and a
corpus of ordinary return cells that must pass (real Fingertips exports included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from equityhub.indicators.models import DataReturn
from equityhub.indicators.returns.identifiers import identifier_kind, is_nhs_number
from equityhub.indicators.returns.parse import RefusedFile, read_table, screen_identifiers
from equityhub.indicators.returns.services import return_check
from tests.indicators.conftest import HEADER, csv_bytes

VALID_NHS_NUMBERS = ["9434765919", "9434765870", "4010232137"]

IDENTIFIERS = [
    # NHS numbers in every separator style, alone and inside other text
    ("ref", "9434765919", "an NHS number"),
    ("ref", "943 476 5919", "an NHS number"),
    ("ref", "943-476-5919", "an NHS number"),
    ("ref", "943.476.5919", "an NHS number"),
    ("notes", "patient 401-023-2137 seen twice", "an NHS number"),
    ("notes", "NHS no: 9434765870.", "an NHS number"),
    # postcodes, either case, with or without the space, inside text
    ("where", "LS1 4AP", "a postcode"),
    ("where", "ls14ap", "a postcode"),
    ("where", "SW1A 1AA", "a postcode"),
    ("notes", "lives at M1 1AE, flat 2", "a postcode"),
    # dates of birth
    ("born", "01/02/1980", "a date of birth"),
    ("born", "01-02-1980", "a date of birth"),
    ("born", "01.02.1980", "a date of birth"),
    ("born", "1/2/80", "a date of birth"),
    ("born", "1980-02-01", "a date of birth"),
    ("born", "1980/02/01", "a date of birth"),
    ("born", "1980-02-01 00:00:00", "a date of birth"),
    ("born", "1980-02-01T00:00:00", "a date of birth"),
    ("born", "01-Feb-1980", "a date of birth"),
    ("born", "01FEB1980", "a date of birth"),
    ("born", "1 February 1980", "a date of birth"),
    ("born", "1st Feb 80", "a date of birth"),
    ("born", "19800201", "a date of birth"),
    ("notes", "DOB 12/31/1979", "a date of birth"),
]

ORDINARY = [
    ("indicator", "rtt-waiting-over-18-weeks"),
    ("area_code", "RZZ"),
    ("area_code", "E54000099"),
    ("area_code", "RXH01"),
    ("area_code", "B82005"),
    ("period", "2024-25"),
    ("period", "2024-Q1"),
    ("period", "2024-03-31"),  # a reporting date in a period column is a period
    ("time_period_sortable", "20190000"),
    ("category", "10-14"),
    ("category", "Most deprived decile (IMD2019)"),
    ("category", "County & UA deprivation deciles in England (IMD2019, 4/21 geog.)"),
    ("numerator", "1234567890"),  # fails the modulus 11 check
    ("denominator", "20150312"),  # an eight-digit count, not CCYYMMDD
    ("value", "94.7261896202678"),
    ("denominator", "54786327"),
    ("value", "1234567890.5"),
    ("notes", "12 months to March 2024"),
]


def test_the_nhs_numbers_used_are_valid() -> None:
    assert all(is_nhs_number(n) for n in VALID_NHS_NUMBERS)
    assert not is_nhs_number("1234567890")


@pytest.mark.parametrize(("column", "value", "kind"), IDENTIFIERS)
def test_identifiers_in_nhs_forms_are_found(column: str, value: str, kind: str) -> None:
    assert identifier_kind(column, value) == kind


@pytest.mark.parametrize(("column", "value"), ORDINARY)
def test_ordinary_cells_pass(column: str, value: str) -> None:
    assert identifier_kind(column, value) is None


@pytest.mark.parametrize(
    "path",
    [
        Path(__file__).parent / "data" / "fingertips_93356_sample.csv",
        Path(__file__).resolve().parents[3]
        / "shared/data/fingertips/fingertips_all_data_93356_campylobacter_CountyUA.csv",
    ],
)
def test_real_fingertips_exports_pass_the_screen(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    screen_identifiers(read_table(path.name, path.read_bytes()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "kind"), [("943-476-5919", "an NHS number"), ("01-02-1980", "a date of birth")]
)
def test_an_upload_holding_an_identifier_is_refused_and_nothing_stored(
    registry: None, personas: dict[str, Any], organisation: Any, value: str, kind: str
) -> None:
    rows = [["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, value]]
    with pytest.raises(RefusedFile) as refused:
        return_check(
            actor=personas["member"], organisation=organisation, filename="r.csv",
            content=csv_bytes(rows, header=[*HEADER, "comment"]),
        )  # fmt: skip
    assert f"r.csv, row 2, column comment: the value looks like {kind}" in str(refused.value)
    assert not DataReturn.objects.exists()
