"""The library's CSV export opens cleanly in a spreadsheet and re-imports as the same records.

The export is read back with Python's `csv` module (not with the code that wrote it), then
imported again by an editor after the originals are gone: every field comes back as it was,
including text a spreadsheet would have run as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import Group

from equityhub.library import imports
from equityhub.library.imports import CSV_COLUMNS
from equityhub.library.models import Resource

pytestmark = pytest.mark.django_db

RECORDS = [
    {
        "title": "Waiting lists and deprivation",
        "summary": '=HYPERLINK("https://attacker.example","Open")',
        "link": "https://www.example.org/waits",
        "doi": "10.1234/waits",
        "publisher": "",  # empty: stays empty, never an apostrophe
        "authors": "Ada Lovelace; Mary Seacole",
    },
    {
        "title": "@SUM(1+1) is not a title a spreadsheet should run",
        "summary": "\t=1+1 after a tab",
        "link": "",
        "doi": "",
        "publisher": "-0.5",  # a number: stays a number
        "authors": "",
    },
    {
        "title": "Carriage return",
        "summary": '\r=1+1 after a carriage return, with "quotes", commas, and Café',
        "link": "",
        "doi": "",
        "publisher": "+44 research unit",
        "authors": "'quoted name",
    },
    {
        "title": "Apostrophe before a formula",
        "summary": "'=1+1 as written",
        "link": "",
        "doi": "",
        "publisher": "NHS England",
        "authors": "",
    },
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def editor(make_user: Any, library: Any) -> Any:
    user = make_user()
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


def _exported(client: Any) -> list[dict[str, str]]:
    response = client.get("/library/search/export/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_export_guards_only_formula_cells(make_item: Any, client: Any) -> None:
    for record in RECORDS:
        make_item(**record)
    rows = {row["title"].removeprefix("'"): row for row in _exported(client)}
    assert list(next(iter(rows.values()))) == list(CSV_COLUMNS)
    for record in RECORDS:
        row = rows[record["title"]]
        for column, value in record.items():
            cell = row[column]
            if value.lstrip("'").startswith(FORMULA_STARTS) and value != "-0.5":
                assert cell == "'" + value, (column, cell)
            else:
                assert cell == value, (column, cell)


def test_the_csv_export_re_imports_as_the_same_records(
    make_item: Any, client: Any, editor: Any
) -> None:
    originals = [make_item(**record) for record in RECORDS]
    text = client.get("/library/search/export/?format=csv").content.decode("utf-8")
    for page in originals:
        page.delete()  # or the import would report each record as already in the library
    report = imports.import_resources(editor=editor, kind="csv", text=text)
    assert report.stored and not report.parse_errors and not report.errors
    assert report.count("imported") == len(RECORDS)
    for record in RECORDS:
        resource = Resource.objects.get(title=record["title"])
        for column, value in record.items():
            assert getattr(resource, column) == value, column
        assert resource.publication_date == datetime.date(2021, 1, 1)  # the year round-trips
