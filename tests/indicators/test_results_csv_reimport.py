"""A results CSV downloaded from an indicator page re-imports as a return with the same counts."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.returns.services import return_check
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db


def test_the_results_csv_re_imports_with_the_same_counts(
    upload: Any, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    upload(personas["member"], good_rows())
    exported = client_for(personas["owner"]).get(
        "/indicators/RZZ/rtt-waiting-over-18-weeks/results.csv"
    )
    preview = return_check(
        actor=personas["member"],
        organisation=organisation,
        filename="results.csv",
        content=exported.content,
    )
    assert not preview.problems, [str(p) for p in preview.problems]
    assert "(results export)" in preview.data_return.file_format
    again = {
        (r["breakdown"], r["category"]): (r["numerator"], r["denominator"])
        for r in preview.data_return.staged_rows
    }
    original = {(r[3], r[4]): (float(r[5]), float(r[6])) for r in good_rows()}
    assert again == original
    assert any("summary measures" in note for note in preview.data_return.notes)
