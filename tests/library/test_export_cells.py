"""The library's CSV export writes formula-like cells as text, tab and carriage return included."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("summary", ["\t=HYPERLINK(bad)", "\r=HYPERLINK(bad)"])
def test_library_export_neutralises_tab_and_carriage_return(
    make_item: Any, client: Any, summary: str
) -> None:
    make_item(title="Exported guide", summary=summary, publisher="")
    text = client.get("/library/search/export/?format=csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    cells = [row["summary"] for row in rows if row["title"] == "Exported guide"]
    assert cells and cells[0].startswith("'"), cells
    assert all(row["publisher"] == "" for row in rows), "empty cells stay empty"
