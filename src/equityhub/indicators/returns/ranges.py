"""Which figures are possible for each kind of indicator, so impossible ones never get stored.

A proportion of -50 %, a rate of 1e308 or a count of 1e300 people would pass a check that only
asks "is it a number", then poison every computed result and chart it reaches. Values are on
the indicator's own scale (a proportion with multiplier 100 is a percentage, 0 to 100).
"""

from __future__ import annotations

import math
from typing import Any

# No NHS organisation counts more people or events than this in one period (England has about
# 57 million people; the busiest national activity counts run to tens of millions).
MAX_COUNT = 1e9
# A rate may pass its multiplier (several events per person), but not this many times over.
MAX_EVENTS_PER_PERSON = 1000
# A mean has no natural scale; this only keeps out overflowing nonsense.
MAX_MEAN_MAGNITUDE = 1e9
COUNT_COLUMNS = ("numerator", "denominator")
VALUE_COLUMNS = ("value", "lower_95", "upper_95")


def _value_range(indicator: Any) -> tuple[float, float, str]:
    """(lowest, highest, how to say it) for value and its limits, by indicator type."""
    scale = float(indicator.multiplier or 1)
    if indicator.type == "proportion":
        return 0.0, scale, f"a proportion on a scale of 0 to {scale:g}"
    if indicator.type in ("crude_rate", "dsr"):
        highest = scale * MAX_EVENTS_PER_PERSON
        return 0.0, highest, f"a rate per {scale:g} between 0 and {highest:g}"
    if indicator.type == "isr":
        highest = scale * MAX_EVENTS_PER_PERSON
        return 0.0, highest, f"a ratio (expected = {scale:g}) between 0 and {highest:g}"
    if indicator.type == "count":
        return 0.0, MAX_COUNT, f"a count between 0 and {MAX_COUNT:g}"
    return -MAX_MEAN_MAGNITUDE, MAX_MEAN_MAGNITUDE, "a mean of a sensible size"


def range_problems(indicator: Any, values: dict[str, float | None]) -> list[tuple[str, str]]:
    """(column, message) for every figure outside what the indicator's type allows."""
    problems: list[tuple[str, str]] = []
    for column, value in values.items():
        if value is None:
            continue
        if not math.isfinite(value):
            problems.append((column, f"{value!r} is not a finite number"))
        elif column in COUNT_COLUMNS and value > MAX_COUNT:
            problems.append(
                (column, f"{value:g} is more than any organisation counts (at most {MAX_COUNT:g})")
            )
        elif column in VALUE_COLUMNS:
            lowest, highest, wording = _value_range(indicator)
            if not lowest <= value <= highest:
                problems.append(
                    (column, f"{value:g} is impossible for {indicator.code}: it must be {wording}")
                )
    return problems
