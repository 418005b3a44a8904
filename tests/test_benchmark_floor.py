"""The bulk-insert floor of the recomputation benchmarks (`benchmarks._bulk`): it takes rows as
the database stores them, empty text and NULL apart, and leaves the table as it was."""

from __future__ import annotations

from typing import Any

import pytest
from benchmarks._bulk import bare_insert_seconds, stored_rows
from django.db import connection

from equityhub.people.models import Region

pytestmark = pytest.mark.django_db


def test_the_floor_inserts_every_row_and_rolls_back(organisation: Any) -> None:
    Region.objects.create(code="Y98", ons_code="", name="Empty ONS code")
    columns, rows = stored_rows(Region)
    assert len(rows) == Region.objects.count() >= 2
    code = columns.index("code")
    fresh = [(*r[:code], f"Z{n}", *r[code + 1 :]) for n, r in enumerate(rows)]
    before = sorted(Region.objects.values_list("code", flat=True))
    seconds = bare_insert_seconds(connection, Region, columns, fresh)
    assert seconds > 0
    assert sorted(Region.objects.values_list("code", flat=True)) == before


def test_a_row_the_table_refuses_is_refused_by_the_floor_too(organisation: Any) -> None:
    columns, rows = stored_rows(Region)
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        bare_insert_seconds(connection, Region, columns, rows)  # the same codes again
