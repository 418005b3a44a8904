"""Bad input gets a clear message, nothing is stored until commit, nothing is counted twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from equityhub.indicators.models import DataReturn, Result, ReturnStatus
from equityhub.indicators.returns.parse import UnreadableFile
from equityhub.indicators.returns.services import return_check, return_commit
from tests.indicators.conftest import HEADER, csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def _check(personas: dict[str, Any], organisation: Any, content: bytes) -> Any:
    return return_check(
        actor=personas["member"], organisation=organisation, filename="r.csv", content=content
    )


@pytest.mark.parametrize("content", [b"", b"   \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_says_so(
    registry: None, personas: dict[str, Any], organisation: Any, content: bytes
) -> None:
    with pytest.raises(UnreadableFile, match=r"r\.csv: the file is empty"):
        _check(personas, organisation, content)
    assert not DataReturn.objects.exists()


def test_a_header_without_rows_names_its_columns(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    with pytest.raises(UnreadableFile, match=r"header \(indicator, area_code.*\) but no rows"):
        _check(personas, organisation, (",".join(HEADER) + "\r\n").encode())
    assert not DataReturn.objects.exists()


def test_the_same_return_twice_is_said_and_never_counted_twice(
    upload: Any,
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = upload(personas["member"], good_rows())
    preview = _check(personas, organisation, csv_bytes(good_rows()))
    assert any(
        f"exactly the data of return {first.pk}" in note for note in preview.data_return.notes
    )
    with django_capture_on_commit_callbacks(execute=True):
        return_commit(actor=personas["member"], data_return=preview.data_return)
    with pytest.raises(ValidationError, match="already been committed"):
        return_commit(actor=personas["member"], data_return=preview.data_return)
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUPERSEDED
    decile_one = Result.objects.get(
        area_level="organisation", breakdown="deprivation_decile", category="1"
    )
    assert decile_one.numerator == 300


def test_a_period_already_committed_is_named_in_the_preview(
    upload: Any, registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    first = upload(personas["member"], good_rows())
    preview = _check(personas, organisation, csv_bytes(good_rows(shift=10)))
    notes = " ".join(preview.data_return.notes)
    assert f"Already committed in return {first.pk}" in notes
    assert "rtt-waiting-over-18-weeks 2024-25" in notes and "nothing is counted twice" in notes


def test_one_wrong_row_in_a_million_is_named_and_nothing_stored(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    import polars as pl

    one = pl.DataFrame(good_rows("P"), schema=HEADER, orient="row")
    periods = pl.DataFrame(
        {"period": [f"{1000 + i // 12}-{i % 12 + 1:02d}" for i in range(83_334)]}
    )
    frame = periods.join(one.drop("period"), how="cross").select(HEADER)
    wrong = 654_321  # 0-based: file row 654,323
    frame = frame.with_columns(
        numerator=pl.when(pl.int_range(pl.len()) == wrong).then(-1).otherwise("numerator")
    )
    assert frame.height >= 1_000_000
    preview = _check(personas, organisation, frame.write_csv().encode())
    assert [str(p) for p in preview.problems] == [
        f"r.csv, row {wrong + 2}, column numerator: must not be negative"
    ]
    assert preview.data_return is None and not DataReturn.objects.exists()
