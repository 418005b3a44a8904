"""The status of an indicator against its target: one explicit, tested rule.

- **no target**: none set. **no data yet**: no published or team-visible value.
- **met**: the latest value is already on the good side of the target. For an overall value the
  good side follows the indicator's polarity; for an inequality measure (SII or gap) it is
  nearer zero: met when |latest| ≤ |target|.
- **missed**: the target date has passed and the target is not met.
- Otherwise the trajectory is the straight line from the latest value to the target at the
  target date, with slope ``required = (target − latest) / years left``. The trend's 95%
  interval (inverse-variance weighted trend over the periods so far) **meets the trajectory**
  when its limit on the good side reaches ``required``: then **on track**, else **off track**.
  Fewer than two periods give **not enough data**.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MET, ON_TRACK, OFF_TRACK, MISSED = "met", "on track", "off track", "missed"
NO_TARGET, NO_DATA, TOO_LITTLE = "no target", "no data yet", "not enough data"
TAG = {MET: "green", ON_TRACK: "green", OFF_TRACK: "red", MISSED: "red"}


def status_label(status: str) -> str:
    """How a status is printed at the start of a cell, the same on the page, in the PDF and in
    Word (a paper frozen before this keeps its lower-case status; the label is made on output)."""
    return status[:1].upper() + status[1:]


@dataclass(frozen=True)
class TargetStatus:
    status: str
    explanation: str

    @property
    def tag_colour(self) -> str:
        return TAG.get(self.status, "grey")


def year_fraction(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def target_status(
    *,
    target: float | None,
    target_date: datetime.date | None,
    latest: float | None,
    latest_time: float | None,
    slope_interval: tuple[float, float] | None,
    improvement: str,
    today: datetime.date,
    towards_zero: bool = False,
) -> TargetStatus:
    """Apply the rule in the module docstring; ``latest_time`` is a period mid-point in years."""
    if target is None or target_date is None:
        return TargetStatus(NO_TARGET, "No target has been set.")
    if latest is None or latest_time is None:
        return TargetStatus(NO_DATA, "There is no value to compare with the target yet.")
    if towards_zero:
        met = abs(latest) <= abs(target)
    elif improvement == "decrease":
        met = latest <= target
    else:
        met = latest >= target
    if met:
        return TargetStatus(
            MET, f"The latest value, {latest:.3g}, meets the target of {target:.3g}."
        )
    if today > target_date:
        return TargetStatus(MISSED, f"The target date passed with the value at {latest:.3g}.")
    if slope_interval is None:
        return TargetStatus(TOO_LITTLE, "At least two periods are needed to judge the trend.")
    years = max(year_fraction(target_date) - latest_time, 1 / 12)
    required = (target - latest) / years
    lower, upper = slope_interval
    meets = lower <= required if required < 0 else upper >= required
    verdict = ON_TRACK if meets else OFF_TRACK
    return TargetStatus(
        verdict,
        f"Reaching {target:.3g} by {target_date:%B %Y} needs a change of {required:+.3g} a year; "
        f"the trend's 95% interval is {lower:+.3g} to {upper:+.3g} a year, so it "
        f"{'meets' if meets else 'does not meet'} that trajectory.",
    )
