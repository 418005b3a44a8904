"""A return whose breakdowns do not add up to its totals is refused at import, naming rows."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import DataReturn
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db


def _check(organisation: Any, actor: Any, rows: list[list[Any]]) -> Any:
    from equityhub.indicators.returns.services import return_check

    return return_check(
        actor=actor, organisation=organisation, filename="sums.csv", content=csv_bytes(rows)
    )


def test_categories_that_do_not_add_up_to_the_total_are_refused(
    registry: None, organisation: Any, personas: dict[str, Any]
) -> None:
    rows = good_rows()
    rows[3][5] += 5  # decile 4 counts five more people than the total allows
    before = DataReturn.objects.count()
    preview = _check(organisation, personas["member"], rows)
    problems = [str(p) for p in preview.problems]
    assert preview.data_return is None and DataReturn.objects.count() == before
    assert any(
        "sums.csv, row 2, column numerator" in p and "add up to" in p and "row 13" in p
        for p in problems
    ), problems


def test_quintiles_must_be_the_sum_of_their_deciles(
    registry: None, organisation: Any, personas: dict[str, Any]
) -> None:
    rows = good_rows()
    code, area, period = rows[0][:3]
    deciles = [r for r in rows if r[3] == "deprivation_decile" and r[4] != "Unknown"]
    quintiles = [
        [code, area, period, "deprivation_quintile", str(q + 1),
         deciles[2 * q][5] + deciles[2 * q + 1][5], deciles[2 * q][6] + deciles[2 * q + 1][6]]
        for q in range(5)
    ]  # fmt: skip
    quintiles.append([code, area, period, "deprivation_quintile", "Unknown", 40, 200])
    assert not _check(organisation, personas["member"], rows + quintiles).problems
    quintiles[0][5] += 1  # quintile 1 is not decile 1 + decile 2
    quintiles[1][5] -= 1  # (the quintiles still add up to the total)
    problems = [str(p) for p in _check(organisation, personas["member"], rows + quintiles).problems]
    assert any("categories in 1" in p and "deprivation_quintile 1" in p for p in problems), problems
