"""ACI, RCI, SII and RII from individual survey records against healthequal 1.0.1.

Reference: tests/stats/data/who/ (healthequal 1.0.1 with survey 4.1-1 and emmeans 1.8.4 on its
bundled ``IndividualSample``, 17 848 records with PSU, stratum and weight; see SOURCE.md). Every
value of the three IndividualSample cases in cases.json is checked with the tolerance cases.json
gives for that measure and field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.who import WHOResult, survey_measures
from equityhub.stats.who.survey import make_design

WHO_DATA = Path(__file__).parent / "data" / "who"
CASES = json.loads((WHO_DATA / "cases.json").read_text())
TOLERANCE: dict[str, dict[str, dict[str, float]]] = CASES["tolerance"]
SURVEY_CASES = [case for case in CASES["cases"] if "Individual" in case["input"]]
RECORDS = pd.read_csv(WHO_DATA / "inputs" / "IndividualSample.csv.gz")


def _run(case: dict[str, Any]) -> dict[str, WHOResult]:
    args = dict(arg.split("=", 1) for arg in case["oracle_args"])
    results = survey_measures(
        RECORDS[args["est"]], subgroup_order=RECORDS["subgroup_order"],
        weight=RECORDS["weight"], psu=RECORDS["psu"], strata=RECORDS["strata"],
        linear=args.get("linear") == "TRUE", force=args.get("force") == "TRUE",
        measure=case["measures"].split(","),
    )  # fmt: skip
    assert isinstance(results, dict)
    return results


RESULTS = {case["id"]: _run(case) for case in SURVEY_CASES}
ROWS = [
    (case["id"], ref)
    for case in SURVEY_CASES
    for ref in pd.read_csv(WHO_DATA / case["output"]).to_dict("records")
]


def test_three_cases_are_covered() -> None:
    assert len(SURVEY_CASES) == 3
    assert len(ROWS) == 10


@pytest.mark.parametrize(("case_id", "ref"), ROWS,
                         ids=[f"{c}-{r['measure']}" for c, r in ROWS])  # fmt: skip
def test_matches_healthequal(case_id: str, ref: dict[str, Any]) -> None:
    ours = RESULTS[case_id][ref["measure"]]
    assert ref["status"] == "ok"
    level = ours.confidence[0]
    # The outcome is 0/1, so S = 1 and healthequal's SII se (y/S scale) is also ours.
    got = {"estimate": ours.value, "se": ours.se, "lowerci": ours.lower[level],
           "upperci": ours.upper[level]}  # fmt: skip
    for field, value in got.items():
        tol = TOLERANCE[ref["measure"]][field]
        assert abs(value - ref[field]) <= tol["atol"] + tol["rtol"] * abs(ref[field]), field


def test_sii_se_is_on_the_indicator_scale() -> None:
    """healthequal reports the SII's se on the y/S scale; ours is ×S (limits unchanged)."""
    ref = pd.read_csv(WHO_DATA / "outputs" / "bundled_IndividualSample_sba.csv")
    ref_sii = ref.set_index("measure").loc["sii"]
    percent = survey_measures(
        RECORDS["sba"] * 100, subgroup_order=RECORDS["subgroup_order"],
        weight=RECORDS["weight"], psu=RECORDS["psu"], strata=RECORDS["strata"], measure="sii",
    )  # fmt: skip
    assert isinstance(percent, WHOResult)
    assert percent.value == pytest.approx(100 * ref_sii["estimate"], rel=1e-7)
    assert percent.healthequal["se"] == pytest.approx(ref_sii["se"], rel=1e-5)  # healthequal
    assert percent.se == pytest.approx(100 * ref_sii["se"], rel=1e-5)  # ours
    assert percent.lower[0.95] == pytest.approx(100 * ref_sii["lowerci"], rel=1e-5)


def test_missing_outcome_needs_force() -> None:
    refused = survey_measures(RECORDS["dtp3"], subgroup_order=RECORDS["subgroup_order"],
                              weight=RECORDS["weight"], measure="aci")  # fmt: skip
    assert isinstance(refused, WHOResult)
    assert not refused.applies
    assert "force=True" in refused.note


def test_design_without_psu_or_strata_is_weighted_least_squares() -> None:
    """With one stratum and each record its own PSU, the ACI is the weighted covariance."""
    rng = np.random.default_rng(1)
    n = 400
    order = rng.integers(1, 6, n)
    y = (rng.random(n) < 0.3 + 0.1 * order).astype(float)
    w = rng.uniform(0.5, 2.0, n)
    result = survey_measures(y, subgroup_order=order, weight=w, measure="aci")
    assert isinstance(result, WHOResult)
    _, block = np.unique(order, return_inverse=True)
    total = np.bincount(block, weights=w)
    rank = ((np.cumsum(total) - total / 2) / w.sum())[block]
    share = w / w.sum()
    expected = 2 * np.sum(share * (y - np.sum(share * y)) * (rank - 0.5))
    assert result.value == pytest.approx(expected, rel=1e-12)
    assert result.se > 0


def test_lonely_psu_and_fpc() -> None:
    design = make_design([1.0, 1.0, 2.0, 2.0, 3.0], psu=[1, 2, 3, 4, 5],
                         strata=["a", "a", "b", "b", "c"], fpc=[10, 10, 4, 4, 5])  # fmt: skip
    assert design.fpc_factor.tolist() == pytest.approx([0.8, 0.8, 0.5, 0.5, 0.8])
    scores = np.array([[1.0], [-1.0], [2.0], [0.0], [-2.0]])
    cov = design.covariance(scores, np.eye(1))
    # strata a, b: f·n/(n−1)·Σ(z − z̄)²; lonely c: f·(z − mean of all PSU totals)².
    assert cov[0, 0] == pytest.approx(0.8 * 2 * 2 + 0.5 * 2 * 2 + 0.8 * 4)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"weight": [1.0, -1.0, 1.0]}, "weight"),
        ({"subgroup_order": [1.0, np.nan, 3.0]}, "subgroup_order"),
        ({"weight": [1.0, 1.0]}, "same length"),
        ({"psu": [1, 2]}, "psu"),
        ({"strata": [1, None, 2]}, "strata"),
        ({"measure": "bgv"}, "measure"),
    ],
)
def test_bad_input_names_the_field(options: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"subgroup_order": [1, 2, 3], "weight": [1.0, 1.0, 1.0]}
    args.update(options)
    with pytest.raises(ValueError, match=field):
        survey_measures([0.0, 1.0, 1.0], **args)
