"""Systems, regions and England from organisations' counts; disclosure control across the
organisation → system → region → England hierarchy, the same in pages, CSV, API, PDF and DOCX."""

from __future__ import annotations

import csv
import io
from html import unescape
from typing import Any

import numpy as np
import pytest
from django.urls import reverse

from equityhub.indicators.models import ENGLAND, Adoption, Indicator, Result
from equityhub.indicators.returns.services import return_check, return_commit
from equityhub.people.models import Membership, Organisation
from equityhub.stats.indicators import proportion
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db
CODE = "rtt-waiting-over-18-weeks"
PERIOD = "2024-25"


def _small_decile_three(code: str) -> list[list[Any]]:
    """Trust A's rows with only 5 people in decile 3: suppressed in A on its own."""
    rows = good_rows(code=code)
    for row in rows:
        if row[3] == "deprivation_decile" and row[4] == "3":
            row[5] = 5
        if row[3] == "overall":
            row[5] = row[5] - 260 + 5
    return rows


def _commit(user: Any, organisation: Any, rows: list[list[Any]], capture: Any) -> None:
    preview = return_check(
        actor=user,
        organisation=organisation,
        filename=f"{organisation.code}.csv",
        content=csv_bytes(rows),
        publish=True,
    )
    assert not preview.problems, [str(p) for p in preview.problems]
    assert preview.data_return is not None
    with capture(execute=True):
        return_commit(actor=user, data_return=preview.data_return)


@pytest.fixture
def two_trusts(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, Any]:
    """Trust A (RZZ, a small decile-3 count) and trust B (RYY) in one system, both published."""
    trust_b = Organisation.objects.create(
        code="RYY",
        name="Other Hospitals NHS Trust",
        kind="trust",
        system=organisation.system,
        region=organisation.region,
    )
    lead_b = make_user(full_name="Bea Lead")
    Membership.objects.create(user=lead_b, organisation=trust_b, role="lead", status="approved")
    _commit(
        personas["member"],
        organisation,
        _small_decile_three("RZZ"),
        django_capture_on_commit_callbacks,
    )
    rows_b = [[*row[:6], row[6] * 2] for row in good_rows(code="RYY")]  # half A's rates
    _commit(lead_b, trust_b, rows_b, django_capture_on_commit_callbacks)
    return {"a": organisation, "b": trust_b, "indicator": Indicator.objects.get(code=CODE)}


def _cell(category: str, **where: Any) -> Result:
    return Result.objects.get(
        indicator__code=CODE,
        period=PERIOD,
        breakdown="deprivation_decile" if category != "Total" else "overall",
        category=category,
        kind="category",
        **where,
    )


def test_area_figures_come_from_summed_counts(two_trusts: dict[str, Any]) -> None:
    system = two_trusts["a"].system
    cell = _cell("1", area_level="system", area_code=system.code)
    a = _cell("1", organisation=two_trusts["a"])
    b = _cell("1", organisation=two_trusts["b"])
    x = float(a.numerator or 0) + float(b.numerator or 0)
    n = float(a.denominator or 0) + float(b.denominator or 0)
    expected = proportion(np.array([x]), np.array([n]), confidence=(0.95,), multiplier=100)
    assert cell.numerator == x and cell.denominator == n
    assert cell.value == pytest.approx(float(expected.value[0]))
    assert cell.lower_95 == pytest.approx(float(expected.lower[0.95][0]))
    assert cell.value != pytest.approx(
        (float(a.value or 0) + float(b.value or 0)) / 2
    )  # counts summed, not rates
    region = _cell("1", area_level="region", area_code=system.region.code)
    england = _cell("1", area_level="england", area_code=ENGLAND)
    assert region.numerator == england.numerator == x
    assert Result.objects.filter(area_level="system", kind="sii").exists()


def _hidden_cells() -> set[tuple[str, str]]:
    return set(
        Result.objects.filter(
            indicator__code=CODE, period=PERIOD, kind="category", suppressed=True
        ).values_list("area_code", "organisation__code")
    )


def test_no_suppressed_count_can_be_worked_out_across_the_hierarchy(
    two_trusts: dict[str, Any],
) -> None:
    a = _cell("3", organisation=two_trusts["a"])
    assert a.suppressed and a.numerator is None
    system = two_trusts["a"].system
    shown_b = _cell("3", organisation=two_trusts["b"])
    shown_system = _cell("3", area_level="system", area_code=system.code)
    # A's decile 3 = system - B: at least one of them must be hidden too
    assert shown_b.suppressed or shown_system.suppressed
    region = _cell("3", area_level="region", area_code=system.region.code)
    england = _cell("3", area_level="england", area_code=ENGLAND)
    # one system in the region and one region in England: they hide together
    assert shown_system.suppressed == region.suppressed == england.suppressed
    # and every constraint at every level has zero or at least two hidden cells
    for where in ({"organisation": two_trusts["b"]}, {"area_level": "system"}):
        deciles = Result.objects.filter(
            indicator__code=CODE, period=PERIOD, breakdown="deprivation_decile",
            kind="category", **where,
        )  # fmt: skip
        assert deciles.filter(suppressed=True).count() != 1
    if shown_b.suppressed:  # B's inequality measures built on the hidden cell are withheld
        sii = Result.objects.get(
            organisation=two_trusts["b"], indicator__code=CODE, period=PERIOD,
            breakdown="deprivation_decile", kind="sii",
        )  # fmt: skip
        assert sii.suppressed and sii.value is None


def _hidden_b(two_trusts: dict[str, Any]) -> list[Result]:
    return list(
        Result.objects.filter(
            organisation=two_trusts["b"], indicator__code=CODE, kind="category", suppressed=True
        )
    )


def _hidden_area(two_trusts: dict[str, Any]) -> list[Result]:
    return list(
        Result.objects.filter(
            area_level="system", indicator__code=CODE, kind="category", suppressed=True
        )
    )


def test_pages_show_the_hierarchy_suppression(two_trusts: dict[str, Any], client: Any) -> None:
    system = two_trusts["a"].system
    url = reverse(
        "indicators:area-results",
        kwargs={"level": "system", "area": system.code, "code": CODE},
    )
    area_page = unescape(client.get(url).content.decode())
    assert "Suppressed to protect small numbers" in area_page or not _hidden_area(two_trusts)
    a_page = unescape(
        client.get(
            reverse("indicators:results", kwargs={"org": "RZZ", "code": CODE})
        ).content.decode()
    )
    assert "Compared with peers and England" in a_page
    assert "Other Hospitals NHS Trust" in a_page and "England" in a_page
    assert "Test Integrated Care Board" in a_page


def _csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_csv_and_api_show_the_hierarchy_suppression(
    two_trusts: dict[str, Any], client: Any
) -> None:
    system = two_trusts["a"].system
    hidden = {(r.area_code or "RYY", r.breakdown, r.category) for r in _hidden_b(two_trusts)}
    hidden |= {(r.area_code, r.breakdown, r.category) for r in _hidden_area(two_trusts)}
    assert len(hidden) >= 2
    rows = _csv(
        client.get(reverse("indicators:results-csv", kwargs={"org": "RYY", "code": CODE})).content
    )
    rows += _csv(
        client.get(
            reverse(
                "indicators:area-results-csv",
                kwargs={"level": "system", "area": system.code, "code": CODE},
            )
        ).content
    )
    api = client.get("/api/indicators/results", {"indicator": CODE, "period": PERIOD}).json()
    api = api["results"]
    for source in (rows, api):
        served = {
            (r["organisation"], r["breakdown"], r["category"]): r
            for r in source
            if r["measure"] == "category" and r["period"] == PERIOD
        }
        for key in hidden:
            assert served[key]["numerator"] in ("", None), key
            assert served[key]["value"] in ("", None), key
            assert served[key]["suppressed"] in ("yes", True), key


def test_board_paper_pdf_and_docx_show_the_hierarchy_suppression(
    two_trusts: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    from equityhub.indicators.models import Adoption

    Adoption.objects.create(organisation=two_trusts["b"], indicator=two_trusts["indicator"])
    lead_b = Membership.objects.get(organisation=two_trusts["b"]).user
    client = client_for(lead_b)
    url = reverse("indicators:board-paper", kwargs={"org": "RYY"})
    hidden = _hidden_b(two_trusts)
    html = unescape(client.get(url).content.decode())
    docx = client.get(url, {"format": "docx"})
    pdf = client.get(url, {"format": "pdf"})
    assert docx.status_code == 200 and pdf.status_code == 200
    from docx import Document

    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(docx.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert hidden  # B's decile 3 (the smaller of B's and the system's) hides A's
    assert "suppressed" in html.lower() or "withheld" in html.lower()
    assert "suppressed (small numbers)" in text
    import typst  # noqa: F401  (the PDF is built from the same data as the Word file)

    assert pdf.content.startswith(b"%PDF")


def test_signals_are_rebuilt_without_cells_the_hierarchy_hides(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from equityhub.indicators.models import Signal

    trust_b = Organisation.objects.create(
        code="RYY", name="B", kind="trust", system=organisation.system, region=organisation.region
    )
    lead_b = make_user(full_name="Bea Lead")
    Membership.objects.create(user=lead_b, organisation=trust_b, role="lead", status="approved")
    periods = ("2023-24", "2024-25")
    rows_b = [[*row[:6], row[6] * 2] for p in periods for row in good_rows(p, code="RYY")]
    _commit(lead_b, trust_b, rows_b, django_capture_on_commit_callbacks)
    assert Signal.objects.filter(organisation=trust_b, measure="sii").exists()  # on its own
    rows_a = []
    for period in periods:
        rows_a += [[r[0], r[1], period, *r[3:]] for r in _small_decile_three("RZZ")]
    _commit(personas["member"], organisation, rows_a, django_capture_on_commit_callbacks)
    hidden_sii = Result.objects.filter(organisation=trust_b, kind="sii", suppressed=True)
    assert hidden_sii.count() == 2  # B's decile 3 hides A's in both periods
    signal = Signal.objects.filter(organisation=trust_b, measure="sii").first()
    assert signal is None or len(signal.spc.get("values", [])) < 2


def test_area_pages_show_their_signals_to_whom_their_results_are_open(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from equityhub.indicators.models import Signal

    periods = ("2023-24", "2024-25")
    rows = [row for period in periods for row in good_rows(period, code="RZZ")]
    _commit(personas["member"], organisation, rows, django_capture_on_commit_callbacks)
    system = organisation.system
    url = reverse(
        "indicators:area-results", kwargs={"level": "system", "area": system.code, "code": CODE}
    )
    # resting on one organisation, the system has no figures of its own: it points to the trust
    alone = unescape(client_for(None).get(url).content.decode())
    assert "Overall value over time" not in alone
    assert f"Only one organisation in this area, {organisation.name}, has reported" in alone
    assert f"/indicators/{organisation.code}/{CODE}/" in alone
    other = Organisation.objects.create(
        code="RYY", name="Other Hospitals NHS Trust", kind="trust", system=system,
        region=organisation.region,
    )  # fmt: skip
    Membership.objects.create(
        user=personas["owner"], organisation=other, role="lead", status="approved"
    )
    rows = [row for period in periods for row in good_rows(period, code="RYY")]
    _commit(personas["owner"], other, rows, django_capture_on_commit_callbacks)
    page = unescape(client_for(None).get(url).content.decode())
    assert "2 of the 2 organisations in this area have reported" in page
    assert f"returns of 2 organisations ({other.name}, {organisation.name})" in page
    assert "Overall value over time" in page
    assert "Slope index of inequality over time" in page
    assert "Control chart figures: mean" in page  # the data table beside the chart
    sii = Signal.objects.get(area_level="system", area_code=system.code, measure="sii")
    assert sii.trend_slope is not None
    slope = f"{abs(sii.trend_slope):.2f}".replace("-", "−")
    assert f"by {slope} percentage points a year (95% confidence interval" in page
    assert "Trends in inequality: inverse-variance weighted regression" in page  # method notes
    Signal.objects.filter(organisation__isnull=True).update(published=False)
    assert "Overall value over time" not in client_for(None).get(url).content.decode()
    assert (
        "Overall value over time" not in client_for(personas["outsider"]).get(url).content.decode()
    )
    shown = unescape(client_for(personas["administrator"]).get(url).content.decode())
    assert "Overall value over time" in shown


def test_a_tile_shows_the_published_values_of_the_most_similar_organisations(
    two_trusts: dict[str, Any], personas: dict[str, Any], client_for: Any
) -> None:
    Adoption.objects.create(organisation=two_trusts["a"], indicator=two_trusts["indicator"])
    peer = Result.objects.get(
        organisation=two_trusts["b"], breakdown="overall", kind="category", period="2024-25"
    )
    page = unescape(client_for(personas["owner"]).get("/indicators/").content.decode())
    assert f"The most similar organisation: {peer.value:,.1f}% (2024-25)" in page
