"""Relative likelihoods as the workforce equality standards publish them.

The Workforce Race Equality Standard compares white staff or applicants with those from Black
and minority ethnic groups as a relative likelihood — for example indicator 2, the likelihood of
white applicants being appointed from shortlisting relative to BME applicants — and the
Workforce Disability Equality Standard compares non-disabled with disabled staff the same way.
A likelihood of 1 means no difference; above 1, the first group is more likely.

The 95% limits are the usual ones for a ratio of two proportions (Katz et al. 1978): normal on
the log scale with SE = √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂). A likelihood is withheld when any cell of
its breakdown in that period is suppressed (its counts would give hidden cells away).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from equityhub.indicators.registry.categories import is_unknown
from equityhub.indicators.registry.models import Indicator

Z95 = 1.959963984540054
# (breakdown, the first group's categories, names): the second group is every other known one.
# WRES likelihoods are read from the broad ethnic groups, whose counts are published (and
# audited by disclosure control), so the likelihood reveals nothing they do not.
COMPARISONS = {
    "workforce:wres": ("ethnic_group", {"White"}, "white", "BME"),
    "workforce:wdes": ("disability", {"Not disabled"}, "non-disabled", "disabled"),
}
METHOD = "Relative likelihood, {first} relative to {second} (ratio of proportions, Katz log limits)"


def relative_likelihoods(
    indicator: Indicator, raw: pd.DataFrame, shown: pd.DataFrame
) -> list[dict[str, Any]]:
    """One relative likelihood per period for a WRES or WDES indicator with its breakdown."""
    standard = next((COMPARISONS[f] for f in indicator.frameworks if f in COMPARISONS), None)
    if standard is None or indicator.type != "proportion":
        return []
    breakdown, first, first_name, second_name = standard
    rows = raw[(raw["breakdown"] == breakdown) & ~raw["category"].map(is_unknown)]
    hidden = shown[(shown["breakdown"] == breakdown) & shown["suppressed"].astype(bool)]
    withheld = set(hidden["period"])
    out = []
    for period, cells in rows.groupby("period"):
        mine = cells["category"].isin(first)
        x1, n1 = cells.loc[mine, "numerator"].sum(), cells.loc[mine, "denominator"].sum()
        x2, n2 = cells.loc[~mine, "numerator"].sum(), cells.loc[~mine, "denominator"].sum()
        if min(x1, x2) <= 0 or min(n1, n2) <= 0:
            continue
        ratio = (x1 / n1) / (x2 / n2)
        se = math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
        suppressed = period in withheld
        out.append({
            "period": period, "period_number": cells["period_number"].iloc[0],
            "breakdown": breakdown, "category": "", "kind": "relative_likelihood",
            "value": None if suppressed else ratio,
            "lower_95": None if suppressed else ratio * math.exp(-Z95 * se),
            "upper_95": None if suppressed else ratio * math.exp(Z95 * se),
            "se": None if suppressed else se,
            "suppressed": suppressed,
            "suppression_reason": "secondary: built from a suppressed cell" if suppressed else "",
            "method": METHOD.format(first=first_name, second=second_name),
        })  # fmt: skip
    return out
