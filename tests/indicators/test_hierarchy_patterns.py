"""The pieces a partial recomputation relies on give what the whole computation gives."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from equityhub.indicators.models import Indicator
from equityhub.indicators.results.compute import Cell, apply_disclosure, category_frame
from equityhub.indicators.results.hierarchy import KEY, _sum, own_suppression, withhold

INDICATOR = Indicator(
    code="x", name="x", type="proportion", multiplier=100, polarity="lower_better"
)


def _organisation_points(rng: np.random.Generator) -> list[Cell]:
    points = []
    for period in ("2023-24", "2024-25"):
        n = rng.integers(30, 400, 10)
        x = np.where(rng.random(10) < 0.2, rng.integers(0, 10, 10), rng.binomial(n, 0.3))
        for decile in range(10):
            points.append(Cell(period, "deprivation_decile", str(decile + 1), x[decile], n[decile]))
        points.append(Cell(period, "deprivation_decile", "Unknown", 12.0, 40.0))
        points.append(Cell(period, "overall", "Total", float(x.sum() + 12), float(n.sum() + 40)))
    return points


def test_own_suppression_in_one_call_is_each_organisations_own() -> None:
    rng = np.random.default_rng(20261128)
    by_code = {f"R{i:02d}": _organisation_points(rng) for i in range(12)}
    cells = pd.DataFrame(
        [
            {"organisation": code, **vars(p), "period_number": 1.0}
            for code, points in by_code.items()
            for p in points
        ]
    )
    together = own_suppression(cells).set_index(["organisation", *KEY])
    assert together["suppressed"].any()
    for code, points in by_code.items():
        alone = apply_disclosure(category_frame(INDICATOR, points)).set_index(KEY)
        mine = together.loc[code].reindex(alone.index)
        assert (mine["suppressed"].to_numpy() == alone["suppressed"].to_numpy(bool)).all()
        assert list(mine["suppression_reason"]) == list(alone["suppression_reason"])


def test_summed_denominators_are_missing_when_any_part_is() -> None:
    frame = pd.DataFrame(
        {
            "system": ["Q1", "Q1", "Q2", "Q2"],
            "period": "2024-25",
            "breakdown": "overall",
            "category": "Total",
            "period_number": 2024.75,
            "numerator": [10.0, 20.0, 30.0, 40.0],
            "denominator": [100.0, np.nan, 300.0, 400.0],
        }
    )
    summed = _sum(frame, "system").set_index("area")
    assert summed.loc["Q1", "numerator"] == 30.0 and np.isnan(summed.loc["Q1", "denominator"])
    assert summed.loc["Q2", "numerator"] == 70.0 and summed.loc["Q2", "denominator"] == 700.0


def test_withholding_blanks_the_hidden_cell_and_the_measures_built_on_it() -> None:
    rows: list[dict[str, Any]] = [
        {"period": "P", "breakdown": "deprivation_decile", "category": "3", "value": 1.0,
         "numerator": 12.0, "suppressed": False, "suppression_reason": ""},
        {"period": "P", "breakdown": "deprivation_decile", "category": "4", "value": 2.0,
         "numerator": 5.0, "suppressed": True, "suppression_reason": "primary: count below 10"},
        {"period": "P", "breakdown": "deprivation_decile", "category": "", "kind": "sii",
         "value": 3.0, "suppressed": False, "suppression_reason": ""},
        {"period": "P", "breakdown": "deprivation_decile", "category": "", "kind": "unknown_share",
         "value": 4.0, "suppressed": False, "suppression_reason": ""},
        {"period": "Q", "breakdown": "deprivation_decile", "category": "", "kind": "sii",
         "value": 5.0, "suppressed": False, "suppression_reason": ""},
    ]  # fmt: skip
    hidden = pd.DataFrame(
        [
            ["P", "deprivation_decile", "3", "secondary: protects a suppressed cell in the system"],
            ["P", "deprivation_decile", "4", "secondary: elsewhere"],
        ],
        columns=[*KEY, "suppression_reason"],
    )
    cell_3, cell_4, sii_p, share, sii_q = withhold(rows, hidden)
    assert cell_3["suppressed"] and cell_3["value"] is None and cell_3["numerator"] is None
    assert cell_3["suppression_reason"].endswith("in the system")
    assert cell_4["suppression_reason"] == "primary: count below 10"  # its own reason is kept
    assert sii_p["suppressed"] and sii_p["value"] is None
    assert share["value"] == 4.0  # not built from the cell's value
    assert sii_q["value"] == 5.0  # another period
