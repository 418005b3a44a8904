"""Where we deliberately differ from healthequal 1.0.1: its reference value beside ours.

Each test reads healthequal's output (tests/stats/data/who/outputs, healthequal 1.0.1 on its
bundled data), checks that ``result.healthequal`` reproduces it, and checks our corrected
figure. docs/statistics/inequality.md ("Where we differ from the WHO package") explains each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.who import WHOResult, summary_measures

WHO_DATA = Path(__file__).parent / "data" / "who"
Z95 = 1.959963984540054


def reference(output: str, measure: str, indicator: str = "Births") -> dict[str, Any]:
    frame = pd.read_csv(WHO_DATA / "outputs" / output)
    rows = frame[(frame["measure"] == measure) & frame["indicator"].str.startswith(indicator)]
    return dict(rows.iloc[0])


def ordered_sample(**options: Any) -> dict[str, WHOResult]:
    data = pd.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    results = summary_measures(data["estimate"], se=data["se"], population=data["population"],
                               order=data["subgroup_order"], favourable=True, scale=100,
                               **options)  # fmt: skip
    assert isinstance(results, dict)
    return results


def test_sii_se_is_on_the_indicator_scale() -> None:
    ref = reference("bundled_OrderedSample.csv", "sii")  # se 0.030096 (proportion scale)
    ours = ordered_sample()["sii"]
    assert ours.healthequal["se"] == pytest.approx(ref["se"], rel=1e-5)
    assert ours.se == pytest.approx(100 * ref["se"], rel=1e-5)  # 3.0096 percentage points
    # The limits were always on the indicator scale: ours equal healthequal's.
    assert ours.lower[0.95] == pytest.approx(ref["lowerci"], rel=1e-5)
    assert ours.lower[0.95] == pytest.approx(ours.value - Z95 * ours.se, rel=1e-9)


def test_paf_se_is_in_percent() -> None:
    ref = reference("bundled_OrderedSample.csv", "paf")  # 8.327 ± 1.96 × 0.00368
    ours = ordered_sample()["paf"]
    assert (ours.healthequal["lower"], ours.healthequal["upper"]) == pytest.approx(
        (ref["lowerci"], ref["upperci"]), rel=1e-8
    )
    assert ours.se == pytest.approx(100 * ref["se"], rel=1e-8)
    assert ours.confidence_interval(0.95) == pytest.approx((7.6054728, 9.0487584), rel=1e-7)


@pytest.mark.parametrize("measure", ["mld", "ti"])
def test_mld_and_theil_se_carry_the_factor_1000(measure: str) -> None:
    ref = reference("bundled_OrderedSample.csv", measure)
    ours = ordered_sample()[measure]
    assert ours.value == pytest.approx(ref["estimate"], rel=1e-8)
    assert ours.healthequal["se"] == pytest.approx(ref["se"], rel=1e-8)
    assert ours.se == pytest.approx(1000 * ref["se"], rel=1e-8)
    assert ours.upper[0.95] - ours.lower[0.95] == pytest.approx(
        1000 * (ref["upperci"] - ref["lowerci"]), rel=1e-7
    )


def test_idisw_simulation_recomputes_the_mean() -> None:
    ref = reference("bundled_OrderedSample.csv", "idisw")  # [6.654, 8.350] with μ held fixed
    ours = ordered_sample()["idisw"]
    assert (ours.healthequal["lower"], ours.healthequal["upper"]) == pytest.approx(
        (ref["lowerci"], ref["upperci"]), rel=1e-8
    )
    assert ours.confidence_interval(0.95) == pytest.approx((6.4928544, 8.5297502), rel=1e-6)
    assert ours.lower[0.95] < ours.value < ours.upper[0.95]


def test_idisu_with_population_and_setting_average_is_computed() -> None:
    failed = reference("bundled_OrderedSample__setavg.csv", "idisu")
    assert failed["status"] == "error"  # healthequal: "object 'popsh' not found"
    only_average = reference("bundled_OrderedSample__setavg_nopop.csv", "idisu")
    data = pd.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    ours = ordered_sample(setting_average=float(data["setting_average"][0]), measure=["idisu"])
    # μ is the setting average either way, so the estimate equals healthequal's without pop.
    assert ours["idisu"].value == pytest.approx(only_average["estimate"], rel=1e-8)
    assert ours["idisu"].lower[0.95] < ours["idisu"].value < ours["idisu"].upper[0.95]


def test_mdmu_simulation_keeps_the_setting_average() -> None:
    ref = reference("bundled_OrderedSample__setavg.csv", "mdmu")
    data = pd.read_csv(WHO_DATA / "inputs" / "OrderedSample.csv")
    ours = ordered_sample(setting_average=float(data["setting_average"][0]), measure=["mdmu"])
    result = ours["mdmu"]
    assert result.value == pytest.approx(ref["estimate"], rel=1e-8)
    assert (result.healthequal["lower"], result.healthequal["upper"]) == pytest.approx(
        (ref["lowerci"], ref["upperci"]), rel=1e-8
    )
    no_pop = reference("bundled_OrderedSample__setavg_nopop.csv", "mdmu")
    # With μ fixed at the setting average, ours equals healthequal's run without populations.
    assert result.confidence_interval(0.95) == pytest.approx(
        (no_pop["lowerci"], no_pop["upperci"]), rel=1e-8
    )


def test_ratio_without_se_returns_the_estimate() -> None:
    # healthequal: "arguments imply differing number of rows"
    result = summary_measures([80.0, 90.0, 95.0], order=[1, 2, 3], measure="r")
    assert isinstance(result, WHOResult)
    assert result.value == pytest.approx(95 / 80)
    assert np.isnan(result.lower[0.95]) and "no standard errors" in result.note


@pytest.mark.parametrize("measure", ["mdbu", "mdbw", "mdru", "mdrw"])
def test_mean_differences_without_se_return_the_estimate(measure: str) -> None:
    # healthequal: "object 'boot.ucl' not found"
    result = summary_measures([80.0, 90.0, 95.0, 70.0], population=[1, 2, 3, 4],
                              reference=[0, 1, 0, 0], measure=measure)  # fmt: skip
    assert isinstance(result, WHOResult)
    assert np.isfinite(result.value) and np.isnan(result.lower[0.95])
    assert "no limits" in result.note


def test_missing_estimate_is_dropped_consistently_with_force() -> None:
    # healthequal fails on NA rows in PAF/PAR/MLD/TI/MDBU/MDRU (arrays not subset together).
    est = [80.0, np.nan, 90.0, 95.0, 70.0, 85.0]  # 1 of 6 missing: above the 15% rule
    pop = [1.0, 2, 3, 4, 5, 6]
    refused = summary_measures(est, population=pop, measure="mld")
    forced = summary_measures(est, population=pop, measure="mld", force=True)
    dropped = summary_measures(np.delete(est, 1), population=np.delete(pop, 1), measure="mld")
    assert isinstance(refused, WHOResult) and isinstance(forced, WHOResult)
    assert isinstance(dropped, WHOResult)
    assert not refused.applies and "15%" in refused.note
    assert forced.value == pytest.approx(dropped.value, rel=1e-12)
