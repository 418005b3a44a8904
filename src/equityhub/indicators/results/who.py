"""WHO summary measures for an unordered breakdown (ethnicity), against a reference group.

For each period with values and limits for at least two known ethnic categories:
- **D**, the difference between the reference group (A, White British) and the group furthest
  from it on the unfavourable side (WHO/healthequal rule for non-ordered dimensions with a
  reference), with normal limits;
- **BGV**, the between-group variance (population-weighted squared differences from the
  population mean), with its analytic limits.
Unknown categories (Z not stated, 99 not known) are left out; their share is reported separately.
A measure is withheld when any cell of the breakdown in that period is suppressed: with the
other published cells it could give a suppressed value away.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from equityhub.indicators.registry.categories import is_unknown
from equityhub.indicators.registry.models import Indicator
from equityhub.indicators.results.compute import stored_estimate
from equityhub.indicators.results.models import ResultKind
from equityhub.stats.estimates import Estimate
from equityhub.stats.who import summary_measures

REFERENCE = "A"
#: What a withheld measure leaves empty.
FIGURES = ("value", "se", "lower_95", "upper_95", "lower_998", "upper_998")
METHODS = {
    "d": "WHO difference from the reference group (A, White British)",
    "bgv": "WHO between-group variance (population-weighted)",
}


def ethnicity_measures(
    indicator: Indicator, raw: pd.DataFrame, shown: pd.DataFrame
) -> list[dict[str, Any]]:
    rows = raw[(raw["breakdown"] == "ethnicity") & ~raw["category"].map(is_unknown)]
    hidden = shown[(shown["breakdown"] == "ethnicity") & shown["suppressed"].astype(bool)]
    withheld = set(hidden["period"])
    scale = indicator.multiplier if indicator.type == "proportion" else None
    out: list[dict[str, Any]] = []
    for period, cells in rows.groupby("period"):
        cells = cells.dropna(subset=["value", "lower_95", "upper_95", "denominator"])
        if len(cells) < 2 or REFERENCE not in set(cells["category"]):
            continue
        common = {
            "period": period, "period_number": cells["period_number"].iloc[0],
            "breakdown": "ethnicity", "category": "",
        }  # fmt: skip
        if period in withheld:  # blank whatever they come to: not worked out
            out += [_withheld(measure, common) for measure in METHODS]
            continue
        found = summary_measures(
            cells["value"].to_numpy(float),
            lower=cells["lower_95"].to_numpy(float),
            upper=cells["upper_95"].to_numpy(float),
            population=cells["denominator"].to_numpy(float),
            reference=(cells["category"] == REFERENCE).to_numpy(int),
            favourable=indicator.polarity == "higher_better",
            scale=scale,
            measure=list(METHODS),
        )
        results = found if isinstance(found, dict) else {found.measure: found}
        out += [_row(result.estimate(), common, suppressed=False) for result in results.values()]
    return out


def _withheld(measure: str, common: dict[str, Any]) -> dict[str, Any]:
    """A withheld measure's row, as `_row` leaves it (every figure empty)."""
    return {
        **common,
        "kind": ResultKind(measure).value,
        **dict.fromkeys(FIGURES),
        "method": METHODS[measure],
        "suppressed": True,
        "suppression_reason": "secondary: built from a suppressed cell",
    }


def _row(estimate: Estimate, common: dict[str, Any], *, suppressed: bool) -> dict[str, Any]:
    """One measure as a stored row, through the engine's typed estimate; a standard error that
    is not finite, and every figure of a withheld measure, are left empty."""
    row = {**common, **stored_estimate(estimate, method=METHODS[estimate.measure], with_se=True)}
    if not math.isfinite(row["se"]):
        row["se"] = None
    if suppressed:
        row.update(dict.fromkeys(FIGURES))
    reason = "secondary: built from a suppressed cell" if suppressed else ""
    return {**row, "suppressed": suppressed, "suppression_reason": reason}
