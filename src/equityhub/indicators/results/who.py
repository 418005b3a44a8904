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

import numpy as np
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
    ethnic = raw[raw["breakdown"] == "ethnicity"]
    hidden = shown[(shown["breakdown"] == "ethnicity") & shown["suppressed"].astype(bool)]
    withheld = set(hidden["period"])
    scale = indicator.multiplier if indicator.type == "proportion" else None
    # Known categories with every figure, then each period as a slice of the table sorted by
    # period (stably, so each period's cells keep their order): the groups a groupby gives,
    # without a frame per period.
    categories = ethnic["category"].to_numpy(dtype=object)
    unknown = {c: is_unknown(c) for c in set(categories.tolist())}
    figures = ethnic[["value", "lower_95", "upper_95", "denominator"]].to_numpy(dtype=float)
    usable = ~np.isnan(figures).any(axis=1) & ~np.array([unknown[c] for c in categories], bool)
    periods = ethnic["period"].to_numpy(dtype=object)[usable]
    numbers = ethnic["period_number"].to_numpy()[usable]
    categories, figures = categories[usable], figures[usable]
    codes, labels = pd.factorize(periods, sort=True)
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(len(labels) + 1))
    out: list[dict[str, Any]] = []
    for k, period in enumerate(labels.tolist()):
        at = order[starts[k] : starts[k + 1]]
        if len(at) < 2 or REFERENCE not in set(categories[at].tolist()):
            continue
        common = {
            "period": period, "period_number": numbers[at[0]],
            "breakdown": "ethnicity", "category": "",
        }  # fmt: skip
        if period in withheld:  # blank whatever they come to: not worked out
            out += [_withheld(measure, common) for measure in METHODS]
            continue
        value, lower, upper, population = figures[at].T
        found = summary_measures(
            np.ascontiguousarray(value),
            lower=np.ascontiguousarray(lower),
            upper=np.ascontiguousarray(upper),
            population=np.ascontiguousarray(population),
            reference=(categories[at] == REFERENCE).astype(int),
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
