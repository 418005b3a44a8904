"""Templates offered on indicator pages and the upload page upload as they are, and list every
breakdown's category codes (WRES and WDES in the words they publish)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from equityhub.indicators.models import DataReturn, Indicator
from equityhub.indicators.returns.services import return_check, return_commit

pytestmark = pytest.mark.django_db
UPLOADABLE = ("proportion", "crude_rate", "dsr", "isr", "mean", "count")


def _download(client: Any, code: str, kind: str, organisation: str = "RZZ") -> bytes:
    suffix = "categories.csv" if kind == "categories" else f"template.{kind}"
    response = client.get(f"/indicators/registry/{code}/{suffix}?organisation={organisation}")
    assert response.status_code == 200, response.status_code
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_every_csv_template_uploads_as_it_is(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    client = client_for(personas["member"])
    codes = list(Indicator.objects.filter(type__in=UPLOADABLE).values_list("code", flat=True))
    assert len(codes) > 5
    for code in codes:
        content = _download(client, code, "csv")
        preview = return_check(
            actor=personas["member"], organisation=organisation, filename="t.csv", content=content
        )
        assert not preview.problems, (code, [str(p) for p in preview.problems])
        assert preview.data_return is not None and preview.data_return.row_count >= 1


def test_the_xlsx_template_uploads_and_commits(
    registry: None,
    personas: dict[str, Any],
    organisation: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    content = _download(client_for(personas["member"]), "wres-appointed-from-shortlisting", "xlsx")
    preview = return_check(
        actor=personas["member"], organisation=organisation, filename="t.xlsx", content=content
    )
    assert not preview.problems, [str(p) for p in preview.problems]
    with django_capture_on_commit_callbacks(execute=True):
        committed = return_commit(actor=personas["member"], data_return=preview.data_return)
    assert committed.points.count() == 2
    assert DataReturn.objects.get().status == "committed"


def test_the_categories_list_every_code_with_its_meaning(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["member"])

    def rows(code: str) -> list[dict[str, str]]:
        text = _download(client, code, "categories").decode()
        return list(csv.DictReader(io.StringIO(text)))

    wres = rows("wres-appointed-from-shortlisting")
    ethnic = {r["category"]: r for r in wres if r["breakdown"] == "ethnicity"}
    assert ethnic["H"]["meaning"] == "Asian or Asian British: Indian"
    assert ethnic["A"]["published_as"] == "White"
    assert ethnic["N"]["published_as"].startswith("BME")
    assert ethnic["Z"]["published_as"] == "Unknown/null"
    wdes = rows("wdes-harassment-from-public")
    assert {r["published_as"] for r in wdes if r["breakdown"] == "disability"} == {
        "Disabled",
        "Non-disabled",
        "Unknown/null",
    }
    deciles = [
        r
        for code in Indicator.objects.values_list("code", flat=True)
        for r in rows(code)
        if r["breakdown"] == "deprivation_decile"
    ]
    assert {r["category"] for r in deciles} >= {str(d) for d in range(1, 11)}
    assert any(r["meaning"] == "1 (most deprived)" for r in deciles)


def test_wdes_published_words_upload(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    content = (
        b"indicator,area_code,period,breakdown,category,numerator,denominator\r\n"
        b"wdes-harassment-from-public,RZZ,2024,disability,Non-disabled,20,100\r\n"
        b"wdes-harassment-from-public,RZZ,2024,disability,Unknown/null,2,10\r\n"
    )
    preview = return_check(
        actor=personas["member"], organisation=organisation, filename="w.csv", content=content
    )
    assert not preview.problems, [str(p) for p in preview.problems]
    assert {r["category"] for r in preview.data_return.staged_rows} == {"Not disabled", "Unknown"}


def test_pages_offer_the_templates(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["member"])
    code = "rtt-waiting-over-18-weeks"
    template = f"/indicators/registry/{code}/template.csv?organisation=RZZ"
    assert template.encode() in client.get(f"/indicators/registry/{code}/").content
    assert template.encode() in client.get("/indicators/returns/upload/").content
    assert template.encode() in client.get(f"/indicators/RZZ/{code}/").content
    anonymous = client_for(None).get(f"/indicators/registry/{code}/template.xlsx")
    assert anonymous.status_code == 200


def test_an_indicator_name_like_a_formula_stays_text_in_the_xlsx_template(
    registry: None, personas: dict[str, Any], client_for: Any
) -> None:
    from openpyxl import load_workbook

    code = "wres-appointed-from-shortlisting"
    Indicator.objects.filter(code=code).update(name='=HYPERLINK("https://x.example","Open")')
    book = load_workbook(io.BytesIO(_download(client_for(personas["member"]), code, "xlsx")))
    about = {row[0].value: row[1] for row in book["About"].iter_rows()}
    assert about["name"].data_type == "s"
    assert about["name"].value == '\'=HYPERLINK("https://x.example","Open")'
