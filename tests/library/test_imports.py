"""Import RIS, BibTeX and CSV into drafts (duplicates reported, all-or-nothing); export searches."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from equityhub.library import imports
from equityhub.library.models import Resource

RIS = """TY  - RPRT
TI  - Ethnic health inequalities and the NHS
UR  - https://www.nhsrho.org/publications/ethnic-health-inequalities-and-the-nhs/
PY  - 2021
ER  -
TY  - JOUR
TI  - A new study of waiting lists
DO  - 10.1234/ABC
PY  - 2024
ER  -
TY  - JOUR
TI  - A NEW study of waiting-lists!
PY  - 2024
ER  -
TY  - JOUR
TI  - Already here by DOI
DO  - https://doi.org/10.9999/known
ER  -
"""


@pytest.fixture
def editor(make_user: Any, library: Any) -> Any:
    user = make_user()
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


@pytest.fixture
def existing(make_item: Any) -> Any:
    make_item(
        title="Ethnic health inequalities and the NHS: driving progress",
        link="http://nhsrho.org/publications/ethnic-health-inequalities-and-the-nhs",
    )
    return make_item(title="Known paper", doi="10.9999/KNOWN")


def test_ris_import_reports_duplicates_and_stores_drafts(editor: Any, existing: Any) -> None:
    before = Resource.objects.count()
    report = imports.import_resources(editor=editor, kind="ris", text=RIS)
    assert report.stored
    outcomes = [(r.number, r.outcome) for r in report.records]
    assert outcomes == [(1, "duplicate"), (2, "imported"), (3, "duplicate"), (4, "duplicate")]
    assert "web address" in report.records[0].reason
    assert "same title" in report.records[2].reason
    assert "DOI" in report.records[3].reason
    assert Resource.objects.count() == before + 1
    new = Resource.objects.get(title="A new study of waiting lists")
    assert not new.live and new.doi == "10.1234/ABC" and new.publication_date.year == 2024


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("ris", "this is not RIS at all", "could not be read"),
        ("bibtex", "@article{ok, title={Fine}}\n@article{broken, title={x", "could not be read"),
        ("csv", "name,year\nSomething,2020\n", "header row"),
        ("csv", "title,link,year\nGood one,https://example.org,2020\nBad one,not-a-url,2020\n", ""),
        ("csv", "title,year\nGood one,2020\n,2021\n", ""),
        ("csv", "title,year\nGood one,twenty\n", ""),
        ("csv", "title\n", "no records"),
    ],
)
def test_malformed_files_store_nothing(editor: Any, kind: str, text: str, message: str) -> None:
    report = imports.import_resources(editor=editor, kind=kind, text=text)
    assert not report.stored
    assert not Resource.objects.exists()
    problems = " ".join(report.parse_errors + [f"{r.number}: {r.reason}" for r in report.errors])
    assert problems and message in problems


def test_import_page_is_for_editors_and_shows_the_report(
    editor: Any, personas: dict[str, Any], client_for: Any, existing: Any
) -> None:
    upload = SimpleUploadedFile("refs.ris", RIS.encode())
    lead = client_for(personas["owner"])
    assert (
        lead.post("/library/editors/import/", {"format": "ris", "file": upload}).status_code == 403
    )
    upload.seek(0)
    response = client_for(editor).post(
        "/library/editors/import/", {"format": "ris", "file": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 imported as drafts, 3 skipped as duplicates" in body
    bad = SimpleUploadedFile("refs.csv", b"title,link\nX,nope\n")
    response = client_for(editor).post("/library/editors/import/", {"format": "csv", "file": bad})
    assert response.status_code == 400 and "Record 1" in response.content.decode()
    assert client_for(editor).post("/library/editors/import/", {"format": "csv"}).status_code == 400


def test_export_a_search(make_item: Any, client: Any) -> None:
    make_item(title="Exported guide", summary="=HYPERLINK(bad)", publisher="NHS England")
    make_item(title="Hidden guide", members_only=True)
    csv_text = client.get("/library/search/export/?format=csv").content.decode()
    assert "Exported guide" in csv_text and "Hidden guide" not in csv_text
    assert "'=HYPERLINK" in csv_text
    ris = client.get("/library/search/export/?format=ris").content.decode()
    assert "TI  - Exported guide" in ris
    bib = client.get("/library/search/export/?format=bibtex")
    assert "title = {Exported guide}" in bib.content.decode()
    assert bib["Content-Disposition"].endswith('.bib"')
