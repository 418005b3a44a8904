"""Statistical process control as NHS boards read it: the XmR chart of "Making Data Count".

An XmR (individuals and moving range) chart separates common-cause variation, expected from the
process as it is, from special-cause variation that signals a change.

Formulas (NHS England, *Making Data Count*, 2019; Wheeler, *Understanding Variation*, 1993):

.. math::

    \\bar{x} = \\frac{1}{n}\\sum x_i, \\qquad MR_i = |x_i - x_{i-1}|, \\qquad
    \\overline{MR} = \\frac{1}{n-1}\\sum_{i \\ge 2} MR_i

    \\text{process limits} = \\bar{x} \\pm 2.66\\,\\overline{MR}, \\qquad
    \\sigma = \\overline{MR} / 1.128 \\;(\\text{so } 2.66 \\approx 3 / 1.128)

With ``screen_outliers`` (the default, as in NHSRplotthedots) moving ranges above
:math:`3.267\\,\\overline{MR}` (the upper range limit) are left out and :math:`\\overline{MR}` is
computed again once. With ``baseline=k`` the mean and limits come from the first ``k`` points only.

Special-cause rules, each configurable:

1. **Beyond limits** — a point above the upper or below the lower process limit.
2. **Shift** — a run of ``shift`` (default 7) or more consecutive points on the same side of the
   mean; a point exactly on the mean breaks the run.
3. **Trend** — a run of ``trend`` (default 6) or more consecutive points each higher (or each
   lower) than the one before; an equal pair breaks the run. All points of the run are flagged.
4. **Two of three near a limit** — two of three consecutive points beyond two sigma
   (:math:`\\bar{x} \\pm \\tfrac{2}{3}\\cdot 2.66\\,\\overline{MR}`) on the same side; those
   points are flagged. Points beyond the process limits count as beyond two sigma (the Western
   Electric rule); NHSRplotthedots counts only points between two sigma and the limit.

Variation of a special-cause point is "improvement" or "concern" given the improvement direction
(polarity); with no direction it is "neither high" or "neither low". Its direction comes from the
first rule that applies in the order above (rules 1, 2 and 4 by the side of the mean, rule 3 by
the direction of the trend). The chart's icon is the variation of the latest point.

Assurance against a target: the process limits are where nearly all future points will fall, so
if the whole band is on the good side of the target the process will consistently *pass*; if on
the bad side it will consistently *fail*; if the target lies inside the band it will *hit and
miss* at random.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import as_float_array, first_bad
from equityhub.stats.frame import DataFrameT, group_rows, make_frame, numeric_column, raw_column

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Improvement = Literal["increase", "decrease", "neither"]

__all__ = ["XmRChart", "xmr", "xmr_by"]

LIMIT_FACTOR = 2.66
RANGE_LIMIT_FACTOR = 3.267
D2 = 1.128


@dataclasses.dataclass(frozen=True, kw_only=True)
class XmRChart:
    """An XmR chart with its special-cause signals, variation and assurance.

    Attributes
    ----------
    values, moving_range : ndarray
        The series and its moving ranges (NaN for the first point).
    mean, mean_moving_range, sigma : float
        Centre line, average moving range used for the limits, and :math:`\\overline{MR}/1.128`.
    lower_limit, upper_limit : float
        Process limits, mean ± 2.66 × mean moving range.
    lower_two_sigma, upper_two_sigma : float
        Mean ± two sigma, the "near a limit" lines of rule 4.
    beyond_limits, shift, trend, near_limits : ndarray of bool
        Which points each rule flags.
    special_cause : ndarray of bool
        Points flagged by any rule.
    variation : ndarray of str
        Per point: "common cause", "special cause improvement", "special cause concern",
        "special cause neither high" or "special cause neither low".
    variation_icon : str
        Variation of the latest point.
    assurance : str or None
        "pass", "fail" or "hit and miss" against ``target``; None without a target or without an
        improvement direction.
    target : float or None
    improvement : {"increase", "decrease", "neither"}
    baseline : int
        Number of points the mean and limits were computed from.
    """

    values: FloatArray
    moving_range: FloatArray
    mean: float
    mean_moving_range: float
    sigma: float
    lower_limit: float
    upper_limit: float
    lower_two_sigma: float
    upper_two_sigma: float
    beyond_limits: BoolArray
    shift: BoolArray
    trend: BoolArray
    near_limits: BoolArray
    special_cause: BoolArray
    variation: npt.NDArray[np.str_]
    variation_icon: str
    assurance: str | None
    target: float | None
    improvement: Improvement
    baseline: int

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def __len__(self) -> int:
        return len(self.values)


def xmr(
    values: npt.ArrayLike,
    *,
    improvement: Improvement = "neither",
    target: float | None = None,
    baseline: int | None = None,
    shift: int = 7,
    trend: int = 6,
    screen_outliers: bool = True,
) -> XmRChart:
    """Build an XmR chart and apply the Making Data Count special-cause rules.

    Parameters
    ----------
    values : array_like
        The series in time order (at least 2 points; Making Data Count advises 15 or more).
    improvement : {"increase", "decrease", "neither"}
        Which direction is better (the indicator's polarity).
    target : float, optional
        Target for the assurance icon.
    baseline : int, optional
        Compute the mean and limits from the first ``baseline`` points (at least 2).
    shift, trend : int
        Run lengths for the shift (default 7) and trend (default 6) rules.
    screen_outliers : bool
        Leave out moving ranges above 3.267 × mean moving range when computing the limits.

    Returns
    -------
    XmRChart

    Raises
    ------
    ValueError
        Fewer than 2 points, a missing value (naming its position), a bad option.
    """
    x = as_float_array(values, "values")
    options = _check(x, improvement=improvement, baseline=baseline, shift=shift, trend=trend)
    base = x[:options]
    mean = float(np.mean(base))
    mr = np.r_[np.nan, np.abs(np.diff(x))]
    mr_bar = _mean_moving_range(mr[1 : len(base)], screen_outliers=screen_outliers)
    sigma = mr_bar / D2
    lower, upper = mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar
    two_low, two_high = mean - 2 * sigma, mean + 2 * sigma
    rules = {
        "beyond_limits": (x > upper) | (x < lower),
        "shift": _run_flags(np.sign(x - mean), shift),
        "trend": _trend_flags(x, trend),
        "near_limits": _two_of_three(x > two_high) | _two_of_three(x < two_low),
    }
    special = rules["beyond_limits"] | rules["shift"] | rules["trend"] | rules["near_limits"]
    high = _direction_high(x, mean, rules, trend)
    variation = _variation(special, high, improvement)
    return XmRChart(
        values=x,
        moving_range=mr,
        mean=mean,
        mean_moving_range=mr_bar,
        sigma=sigma,
        lower_limit=lower,
        upper_limit=upper,
        lower_two_sigma=two_low,
        upper_two_sigma=two_high,
        special_cause=special,
        variation=variation,
        variation_icon=str(variation[-1]),
        assurance=_assurance(lower, upper, target, improvement),
        target=target,
        improvement=improvement,
        baseline=options,
        **rules,
    )


def xmr_by(
    data: DataFrameT,
    *,
    value: str,
    by: str | Sequence[str] | None = None,
    order: str | None = None,
    improvement: Improvement = "neither",
    target: float | None = None,
    baseline: int | None = None,
    shift: int = 7,
    trend: int = 6,
    screen_outliers: bool = True,
) -> DataFrameT:
    """An XmR chart per group of a pandas or polars DataFrame, one output row per point.

    Rows are put in ``order`` (a time column; stable, input order without it) within each group
    (groups sorted by their ``by`` values). A group of fewer than 2 points gets no chart and a
    ``note``. Charts are built one group at a time: control charts are few and short.

    Returns
    -------
    DataFrame of the same kind
        The ``by`` columns, the ``order`` column, ``value``, ``mean``, ``lower_limit``,
        ``upper_limit``, ``moving_range``, ``beyond_limits``, ``shift``, ``trend``,
        ``near_limits``, ``special_cause``, ``variation``, ``variation_icon`` (the latest point's),
        ``assurance`` (empty without a target) and ``note``.
    """
    groups = group_rows(data, by)
    values = numeric_column(data, value, field="value")
    bad = first_bad(~np.isfinite(values))
    if bad is not None:
        raise ValueError(f"value: missing or infinite value at {groups.describe_row(bad)}")
    position = np.arange(len(values))
    if order is not None:
        sort_key = raw_column(data, order, field="order")
        position = np.empty(len(values), dtype=np.int64)
        position[np.argsort(sort_key, kind="stable")] = np.arange(len(values))
    rows = np.lexsort((position, groups.codes))
    options: dict[str, Any] = {
        "improvement": improvement,
        "target": target,
        "baseline": baseline,
        "shift": shift,
        "trend": trend,
        "screen_outliers": screen_outliers,
    }
    columns = _point_columns(values, groups.codes, rows, options)
    keys = {name: raw_column(data, name, field="by")[rows] for name in groups.by}
    if order is not None and order not in keys:
        keys[order] = raw_column(data, order, field="order")[rows]
    return make_frame({**keys, **columns}, like=data)


_NUMBER_FIELDS = ("mean", "lower_limit", "upper_limit", "moving_range")
_FLAG_FIELDS = ("beyond_limits", "shift", "trend", "near_limits", "special_cause", "variation")


def _point_columns(
    values: FloatArray, codes: npt.NDArray[Any], rows: npt.NDArray[Any], options: dict[str, Any]
) -> dict[str, npt.NDArray[Any]]:
    """Chart every group of the sorted rows; one value per point."""
    n = len(rows)
    out: dict[str, npt.NDArray[Any]] = {"value": values[rows]}
    out.update({name: np.full(n, np.nan) for name in _NUMBER_FIELDS})
    out.update({name: np.full(n, None, dtype=object) for name in _FLAG_FIELDS})
    out.update({name: np.full(n, "", dtype=object) for name in ("variation_icon", "assurance")})
    out["note"] = np.full(n, "", dtype=object)
    sorted_codes = codes[rows]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    for start, stop in zip(starts, np.r_[starts[1:], n], strict=True):
        if stop - start < 2:
            out["note"][start:stop] = "fewer than 2 points: no chart"
            continue
        chart = xmr(out["value"][start:stop], **options)
        for name in (*_NUMBER_FIELDS, *_FLAG_FIELDS):
            out[name][start:stop] = getattr(chart, name)
        out["variation_icon"][start:stop] = chart.variation_icon
        out["assurance"][start:stop] = chart.assurance or ""
        if stop - start < 15:
            out["note"][start:stop] = "fewer than 15 points: limits are provisional"
    return out


def _check(x: FloatArray, *, improvement: str, baseline: int | None, shift: int, trend: int) -> int:
    if len(x) < 2:
        raise ValueError(f"values: an XmR chart needs at least 2 points, got {len(x)}")
    bad = first_bad(~np.isfinite(x))
    if bad is not None:
        raise ValueError(f"values: missing or infinite value at position {bad}")
    if improvement not in ("increase", "decrease", "neither"):
        raise ValueError(f"improvement: {improvement!r} is not increase, decrease or neither")
    for name, run in (("shift", shift), ("trend", trend)):
        if isinstance(run, bool) or not isinstance(run, (int, np.integer)) or run < 2:
            raise ValueError(
                f"{name}: run length must be a whole number of at least 2, got {run!r}"
            )
    if baseline is None:
        return len(x)
    if isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer)):
        raise TypeError(f"baseline: {baseline!r} is not a whole number")
    if not 2 <= baseline <= len(x):
        raise ValueError(f"baseline: must be between 2 and the {len(x)} points, got {baseline}")
    return int(baseline)


def _mean_moving_range(ranges: FloatArray, *, screen_outliers: bool) -> float:
    mr_bar = float(np.mean(ranges))
    if screen_outliers:
        kept = ranges[ranges < RANGE_LIMIT_FACTOR * mr_bar]
        mr_bar = float(np.mean(kept)) if kept.size else mr_bar
    return mr_bar


def _run_lengths(labels: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Length of the run of equal labels that each position belongs to."""
    starts = np.r_[True, labels[1:] != labels[:-1]]
    run_id = np.cumsum(starts) - 1
    return np.bincount(run_id)[run_id]


def _run_flags(signs: FloatArray, length: int) -> BoolArray:
    """Points in runs of at least ``length`` equal non-zero signs."""
    if signs.size == 0:
        return np.zeros(0, dtype=bool)
    return (signs != 0) & (_run_lengths(signs) >= length)


def _trend_flags(x: FloatArray, length: int) -> BoolArray:
    """Points in runs of ``length`` or more points each above (or below) the previous one."""
    steps = _run_flags(np.sign(np.diff(x)), length - 1)
    flags = np.zeros(len(x), dtype=bool)
    flags[1:] |= steps
    flags[:-1] |= steps
    return flags


def _two_of_three(beyond: BoolArray) -> BoolArray:
    """Points beyond two sigma that are two of any three consecutive points beyond it."""
    if len(beyond) < 3:
        return np.zeros(len(beyond), dtype=bool)
    windows = np.convolve(beyond.astype(int), np.ones(3, dtype=int), mode="valid") >= 2
    covered = np.convolve(windows.astype(int), np.ones(3, dtype=int), mode="full") > 0
    return beyond & covered


def _direction_high(
    x: FloatArray, mean: float, rules: dict[str, BoolArray], trend: int
) -> BoolArray:
    """True where a special cause points upwards: by the first rule that flags the point."""
    by_side = rules["beyond_limits"] | rules["shift"] | rules["near_limits"]
    return np.where(by_side, x > mean, _trend_direction(x, trend) > 0)


def _trend_direction(x: FloatArray, length: int) -> FloatArray:
    """+1 or -1 for points in a rising or falling trend (the step into the point first)."""
    step = np.sign(np.diff(x))
    in_run = _run_flags(step, length - 1)
    signed = np.where(in_run, step, 0.0)
    into, out = np.r_[0.0, signed], np.r_[signed, 0.0]
    return np.where(into != 0, into, out)


def _variation(special: BoolArray, high: BoolArray, improvement: str) -> npt.NDArray[np.str_]:
    if improvement == "neither":
        flagged = np.where(high, "special cause neither high", "special cause neither low")
    else:
        good = high if improvement == "increase" else ~high
        flagged = np.where(good, "special cause improvement", "special cause concern")
    return np.where(special, flagged, "common cause")


def _assurance(lower: float, upper: float, target: float | None, improvement: str) -> str | None:
    if target is None or improvement == "neither":
        return None
    if isinstance(target, bool) or not isinstance(target, (int, float, np.number)):
        raise TypeError(f"target: {target!r} is not a number")
    good_side = lower > target if improvement == "increase" else upper < target
    bad_side = upper < target if improvement == "increase" else lower > target
    if good_side:
        return "pass"
    if bad_side:
        return "fail"
    return "hit and miss"
