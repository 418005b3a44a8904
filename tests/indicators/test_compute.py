"""Computed results equal equityhub.stats on the same data; suppression reaches every output."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pytest

from equityhub.indicators.models import Result, Signal
from equityhub.stats.disclosure import suppress
from equityhub.stats.indicators import proportion
from equityhub.stats.sii import sii
from tests.indicators.conftest import DECILE_COUNTS, good_rows

pytestmark = pytest.mark.django_db


def test_category_values_are_wilson_proportions(upload: Any, personas: dict[str, Any]) -> None:
    upload(personas["member"], good_rows())
    x = np.array([c[0] for c in DECILE_COUNTS], float)
    n = np.array([c[1] for c in DECILE_COUNTS], float)
    expected = proportion(x, n, confidence=(0.95, 0.998), multiplier=100)
    stored = sorted(
        Result.objects.filter(area_level="organisation")
        .filter(breakdown="deprivation_decile", kind="category")
        .exclude(category="Unknown"),
        key=lambda r: int(r.category),
    )
    np.testing.assert_allclose([r.value for r in stored], expected.value, rtol=1e-12)
    np.testing.assert_allclose([r.lower_95 for r in stored], expected.lower[0.95], rtol=1e-12)
    np.testing.assert_allclose([r.upper_998 for r in stored], expected.upper[0.998], rtol=1e-12)
    assert stored[0].method == "Wilson score"


def test_gap_ratio_and_sii_match_the_engine(upload: Any, personas: dict[str, Any]) -> None:
    upload(personas["member"], good_rows())
    x = np.array([c[0] for c in DECILE_COUNTS], float)
    n = np.array([c[1] for c in DECILE_COUNTS], float)
    p = proportion(x, n, confidence=0.95, multiplier=1)
    expected = sii(
        np.arange(1, 11),
        n,
        value=p.value,
        lower_cl=p.lower[0.95],
        upper_cl=p.upper[0.95],
        value_type=2,
        multiplier=-100,
        rii=True,
        confidence=(0.95, 0.998),
    )
    got = {
        r.kind: r
        for r in Result.objects.filter(area_level="organisation")
        .filter(breakdown="deprivation_decile")
        .exclude(kind="category")
    }
    assert got["gap"].value == pytest.approx(30.0 - 15.0)
    assert got["ratio"].value == pytest.approx(2.0)
    assert got["sii"].value == pytest.approx(float(expected.value), rel=1e-9)
    assert got["sii"].lower_95 == pytest.approx(float(expected.lower[0.95]), rel=1e-9)
    assert got["rii"].value == pytest.approx(float(expected.rii), rel=1e-9)
    # SII is most minus least deprived on the fitted line: positive when the poor wait longer
    assert got["sii"].value > 0
    # unknown share: 200 of 10,200 in the denominator
    assert got["unknown_share"].value == pytest.approx(100 * 200 / 10200)


def test_signals_over_periods(upload: Any, personas: dict[str, Any]) -> None:
    for year, shift in ((2021, 0), (2022, 10), (2023, 20), (2024, 30)):
        upload(personas["member"], good_rows(period=str(year), shift=shift))
    value = Signal.objects.get(measure="value", organisation__isnull=False)
    assert value.spc["periods"] == ["2021", "2022", "2023", "2024"]
    assert value.variation in {"common cause", "special cause improvement"}
    sii_signal = Signal.objects.get(measure="sii", organisation__isnull=False)
    assert sii_signal.trend_verdict in {
        "widened significantly",
        "narrowed significantly",
        "no significant change",
    }
    assert sii_signal.trend_sentence


def small_rows() -> list[list[Any]]:
    """Decile 3 has a count of 4: suppressed, and one more decile to protect it."""
    rows = good_rows()
    rows[2][5] = 4
    rows[-1][5] = sum(r[5] for r in rows[:-1])
    return rows


def test_suppression_matches_the_engine_and_withholds_measures(
    upload: Any, personas: dict[str, Any]
) -> None:
    upload(personas["member"], small_rows())
    cells = Result.objects.filter(area_level="organisation").filter(kind="category")
    hidden = {r.category for r in cells if r.suppressed}
    import pandas as pd

    frame = pd.DataFrame(
        [
            {"area": "a", "breakdown": r[3], "category": r[4], "numerator": r[5]}
            for r in small_rows()
        ]
    )
    engine = suppress(
        frame,
        count="numerator",
        area="area",
        breakdown="breakdown",
        category="category",
        total="Total",
    )
    assert hidden == set(engine.loc[engine["suppressed"], "category"])
    assert "3" in hidden and len(hidden) >= 2
    for r in cells.filter(suppressed=True):
        assert r.numerator is None and r.value is None and r.lower_95 is None
    for kind in ("gap", "sii", "rii"):
        measure = Result.objects.filter(area_level="organisation").get(kind=kind)
        assert measure.suppressed and measure.value is None


def test_suppressed_cells_are_blank_in_page_csv_and_api(
    upload: Any, personas: dict[str, Any], client_for: Any, organisation: Any
) -> None:
    upload(personas["member"], small_rows(), publish=True)
    base = f"/indicators/{organisation.code}/rtt-waiting-over-18-weeks/"
    page = client_for(None).get(base)
    assert page.status_code == 200
    assert b"Suppressed to protect small numbers" in page.content
    assert b'numeric">4<' not in page.content
    rows = list(
        csv.DictReader(io.StringIO(client_for(None).get(base + "results.csv").content.decode()))
    )
    three = next(r for r in rows if r["category"] == "3" and r["measure"] == "category")
    assert three["suppressed"] == "yes" and three["numerator"] == "" and three["value"] == ""
    api = client_for(None).get("/api/indicators/results?organisation=RZZ").json()["results"]
    cell = next(r for r in api if r["category"] == "3" and r["measure"] == "category")
    assert cell["suppressed"] and cell["numerator"] is None and cell["value"] is None


ETHNIC = [("A", 700, 1000), ("H", 150, 250), ("N", 100, 200), ("S", 60, 100), ("Z", 40, 60)]


def test_ethnicity_measures_match_the_who_engine(upload: Any, personas: dict[str, Any]) -> None:
    from equityhub.stats.who import summary_measures

    rows = [["ae-four-hours", "RZZ", "2024", "ethnicity", c, x, n] for c, x, n in ETHNIC]
    rows.append(["ae-four-hours", "RZZ", "2024", "overall", "Total", 1050, 1610])
    upload(personas["member"], rows)
    known = ETHNIC[:-1]  # Z (not stated) is left out of the comparison
    x = np.array([k[1] for k in known], float)
    n = np.array([k[2] for k in known], float)
    p = proportion(x, n, confidence=0.95, multiplier=100)
    expected = summary_measures(
        p.value, lower=p.lower[0.95], upper=p.upper[0.95], population=n,
        reference=np.array([1, 0, 0, 0]), favourable=True, scale=100, measure=["d", "bgv"],
    )  # fmt: skip
    for kind in ("d", "bgv"):
        stored = Result.objects.filter(area_level="organisation").get(
            kind=kind, breakdown="ethnicity"
        )
        engine = expected[kind].estimate()  # type: ignore[index]
        assert stored.value == pytest.approx(engine.value, rel=1e-9)
        lower, upper = engine.confidence_interval(0.95)
        assert (stored.lower_95, stored.upper_95) == pytest.approx((lower, upper), rel=1e-9)
        assert stored.se == pytest.approx(engine.se, rel=1e-9)
        assert stored.lower_998 is None and stored.upper_998 is None  # computed at 95% only
    # reference A (70%) against the lowest other group, N (50%)
    assert Result.objects.filter(area_level="organisation").get(kind="d").value == pytest.approx(
        20.0
    )
    share = Result.objects.filter(area_level="organisation").get(
        kind="unknown_share", breakdown="ethnicity"
    )
    assert share.value == pytest.approx(100 * 60 / 1610)


def test_stored_rows_read_the_engines_typed_estimate() -> None:
    from equityhub.indicators.results.compute import stored_estimate
    from equityhub.stats.estimates import Estimate

    sii = Estimate(measure="sii", value=4.0, se=1.0, lower={0.95: 2.0, 0.998: 1.0},
                   upper={0.95: 6.0, 0.998: 7.0})  # fmt: skip
    assert stored_estimate(sii, method="slope", with_se=True) == {
        "kind": "sii", "value": 4.0, "se": 1.0, "lower_95": 2.0, "upper_95": 6.0,
        "lower_998": 1.0, "upper_998": 7.0, "method": "slope",
    }  # fmt: skip
    difference = Estimate(measure="d", value=20.0, lower={0.95: 15.0}, upper={0.95: 25.0})
    row = stored_estimate(difference, method="difference")
    assert (row["lower_95"], row["lower_998"], "se" in row) == (15.0, None, False)
    # A measure the platform has no kind for is refused, not stored where no page reads it.
    with pytest.raises(ValueError, match="slope_index"):
        stored_estimate(Estimate(measure="slope_index", value=1.0), method="slope")
