"""Data returns: each bad-input class named by file, row and column; refusals store nothing;
commits are all-or-nothing; history and rollback; only the organisation's team uploads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from equityhub.indicators.models import DataPoint, DataReturn, Indicator, Result, ReturnStatus
from equityhub.indicators.returns.parse import RefusedFile, UnreadableFile
from equityhub.indicators.returns.services import return_check, return_commit, return_rollback
from tests.indicators.conftest import HEADER, csv_bytes, good_rows

FIXTURES = Path(__file__).parent / "data"


def check(actor: Any, organisation: Any, content: bytes, filename: str = "r.csv") -> Any:
    return return_check(actor=actor, organisation=organisation, filename=filename, content=content)


BAD_ROWS = [
    (
        ["no-such-indicator", "RZZ", "2024", "overall", "Total", 1, 2],
        "column indicator",
        "not a known code",
    ),
    (["ae-four-hours", "RXX", "2024", "overall", "Total", 1, 2], "column area_code", "RXX"),
    (
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", 30, 20],
        "column numerator",
        "more than the denominator",
    ),
    (
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", -3, 20],
        "column numerator",
        "must not be negative",
    ),
    (
        ["ae-four-hours", "RZZ", "2024", "ethnicity", "Q", 3, 20],
        "column category",
        "not a category of ethnicity",
    ),
    (
        ["ae-four-hours", "RZZ", "Spring 24", "overall", "Total", 3, 20],
        "column period",
        "not a period",
    ),
    (
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", "lots", 20],
        "column numerator",
        "not a number",
    ),
    (
        ["wres-board-bme-members", "RZZ", "2024", "ethnicity", "A", 3, 20],
        "column breakdown",
        "not a breakdown",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_each_bad_input_is_named(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    row: list[Any],
    column: str,
    message: str,
) -> None:
    good = ["ae-four-hours", "RZZ", "2023", "overall", "Total", 5, 20]
    preview = check(personas["member"], organisation, csv_bytes([good, row]))
    assert preview.data_return is None
    assert len(preview.problems) == 1
    text = str(preview.problems[0])
    assert text.startswith("r.csv, row 3, " + column), text
    assert message in text
    assert not DataReturn.objects.exists()


@pytest.mark.django_db
def test_duplicates_name_the_first_row(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    row = ["ae-four-hours", "RZZ", "2024", "overall", "Total", 5, 20]
    preview = check(personas["member"], organisation, csv_bytes([row, row]))
    assert "row 3, column category: duplicate of row 2" in str(preview.problems[0])


@pytest.mark.django_db
def test_missing_columns_are_named(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    with pytest.raises(UnreadableFile, match="missing column\\(s\\) breakdown, category"):
        check(
            personas["member"],
            organisation,
            csv_bytes([["a", "RZZ", "2024"]], header=["indicator", "area_code", "period"]),
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "row", "message"),
    [
        (
            [*HEADER, "nhs_number"],
            ["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, "x"],
            "column\\(s\\) nhs_number hold personal identifiers",
        ),
        (
            [*HEADER, "ref"],
            ["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, "943 476 5919"],
            "looks like an NHS number",
        ),
        (
            [*HEADER, "where"],
            ["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, "LS1 4AP"],
            "looks like a postcode",
        ),
        (
            [*HEADER, "born"],
            ["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, "1980-02-03"],
            "date of birth",
        ),
        (
            [*HEADER, "lsoa21cd"],
            ["ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2, "E01000001"],
            "LSOA column",
        ),
    ],
)
def test_identifiers_are_refused_and_nothing_stored(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    header: list[str],
    row: list[Any],
    message: str,
) -> None:
    with pytest.raises(RefusedFile, match=message) as refused:
        check(personas["member"], organisation, csv_bytes([row], header=header))
    assert "equityhub stats aggregate" in str(refused.value)
    assert not DataReturn.objects.exists()


@pytest.mark.django_db
def test_record_level_rows_are_refused(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    rows = [
        ["ae-four-hours", "RZZ", f"2024-{m:02d}", "overall", "Total", 1, 1] for m in range(1, 13)
    ] * 2
    with pytest.raises(RefusedFile, match="one row per person"):
        check(personas["member"], organisation, csv_bytes(rows))


@pytest.mark.django_db
def test_outsider_cannot_upload_for_another_trust(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    with pytest.raises(PermissionDenied):
        check(personas["outsider"], organisation, csv_bytes(good_rows()))


@pytest.mark.django_db
def test_commit_stores_every_row_and_computes(upload: Any, personas: dict[str, Any]) -> None:
    committed = upload(personas["member"], good_rows())
    assert committed.status == ReturnStatus.COMMITTED
    assert DataPoint.objects.filter(data_return=committed).count() == 12
    assert Result.objects.filter(area_level="organisation").filter(kind="sii").count() == 1


@pytest.mark.django_db
def test_commit_is_all_or_nothing(
    registry: None, personas: dict[str, Any], organisation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = check(personas["member"], organisation, csv_bytes(good_rows()))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("equityhub.indicators.returns.services._replaced_returns", broken)
    with pytest.raises(RuntimeError):
        return_commit(actor=personas["member"], data_return=preview.data_return)
    assert not DataPoint.objects.exists()
    preview.data_return.refresh_from_db()
    assert preview.data_return.status == ReturnStatus.PREVIEW


@pytest.mark.django_db
def test_history_and_rollback(
    upload: Any, personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = upload(personas["member"], good_rows())
    second = upload(personas["owner"], good_rows(shift=50))
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUPERSEDED
    assert list(second.replaces.all()) == [first]
    decile_one = Result.objects.filter(area_level="organisation").get(
        breakdown="deprivation_decile", category="1"
    )
    assert decile_one.numerator == 250 and decile_one.data_return == second
    with django_capture_on_commit_callbacks(execute=True):
        return_rollback(actor=personas["owner"], data_return=second)
    first.refresh_from_db()
    assert first.status == ReturnStatus.COMMITTED
    assert (
        Result.objects.filter(area_level="organisation")
        .get(breakdown="deprivation_decile", category="1")
        .numerator
        == 300
    )


@pytest.mark.django_db
def test_fingertips_all_data_csv(personas: dict[str, Any], make_user: Any) -> None:
    from equityhub.people.models import Membership, Organisation

    england = Organisation.objects.create(code="E92000001", name="England", kind="other")
    member = make_user()
    Membership.objects.create(
        user=member, organisation=england, role="team_member", status="approved"
    )
    Indicator.objects.create(
        code="campylobacter",
        name="Campylobacter",
        description="d",
        type="crude_rate",
        multiplier=100000,
        polarity="lower_better",
        breakdowns=["overall", "deprivation_decile", "age_band"],
        fingertips_id=93356,
        source="OHID Fingertips",
    )
    content = (FIXTURES / "fingertips_93356_sample.csv").read_bytes()
    # England's deciles in this export are on IMD 2015: a problem, named with its rows
    refused = check(member, england, content, "fingertips.csv")
    assert refused.data_return is None
    assert all("IMD2015" in str(p) for p in refused.problems)
    hartlepool = Organisation.objects.create(
        code="E06000001", name="Hartlepool", kind="local_authority"
    )
    Membership.objects.create(
        user=member, organisation=hartlepool, role="team_member", status="approved"
    )
    preview = check(member, hartlepool, content, "fingertips.csv")
    assert not preview.problems, [str(p) for p in preview.problems]
    assert "(fingertips)" in preview.data_return.file_format
    assert any("other areas" in note for note in preview.notes)
    rows = preview.data_return.staged_rows
    overall = next(r for r in rows if r["breakdown"] == "overall" and r["period"] == "2015")
    assert (overall["numerator"], overall["denominator"]) == (132, 92493)
    assert {r["category"] for r in rows if r["breakdown"] == "age_band"} == {"0-9"}


VINTAGE_HEADER = [*HEADER, "lsoa_vintage", "imd_version"]


@pytest.mark.parametrize(
    ("vintage", "imd", "column", "words"),
    [
        ("2011", "2025", "column lsoa_vintage", "wrong LSOA vintage"),
        ("LSOA11", "", "column lsoa_vintage", "wrong LSOA vintage"),
        ("2021", "IMD2019", "column imd_version", "not IMD 2025"),
    ],
)
def test_wrong_lsoa_vintage_is_named(
    vintage: str,
    imd: str,
    column: str,
    words: str,
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
) -> None:
    rows = [[*row, vintage, imd] for row in good_rows()]
    preview = check(personas["member"], organisation, csv_bytes(rows, header=VINTAGE_HEADER))
    assert preview.data_return is None
    texts = [str(p) for p in preview.problems]
    assert any(column in t and words in t and "row 2," in t for t in texts), texts
    assert not DataReturn.objects.exists()


def test_right_vintage_passes_and_mixed_vintages_are_named(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    rows = [[*row, "LSOA 2021", "IMD 2025"] for row in good_rows()]
    good = check(personas["member"], organisation, csv_bytes(rows, header=VINTAGE_HEADER))
    assert good.data_return is not None, [str(p) for p in good.problems]
    rows[3][-1] = ""
    mixed = check(personas["member"], organisation, csv_bytes(rows, header=VINTAGE_HEADER))
    assert [str(p) for p in mixed.problems] == [
        "r.csv, row 5, column imd_version: differs from row 2: one return uses one LSOA "
        "vintage and IMD edition"
    ]
