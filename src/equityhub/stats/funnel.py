"""Funnel plot control limits and significance for proportions, ratios and rates.

Limits are drawn at two levels: "2s" (95%, p = 0.025 each side) and "3s" (99.8%, p = 0.001).

* Proportions: the limits invert the Wilson score interval around the average proportion ``p̄``
  at each population size ``n`` (``sigma_adjustment`` in the reference).
* Ratios and rates: for each observed count ``O`` the expected count (or population) at which
  ``O`` sits on the exact Poisson limit is found by bisection (tolerance 1e-7, as the reference).
* Significance compares each area with the overall average: Wilson-based for proportions, exact
  χ² limits (fewer than 10 events) or Byars' limits otherwise for ratios and rates.

The 100-point limit table follows the reference's axis rules (rounded axis ends, points spaced
geometrically). Everything is vectorised over the points (and over the areas for significance).

References
----------
Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance. Stat Med
    24:1185-1202.
Public Health England. Fingertips technical guidance: funnel plots. PHEindicatormethods 2.1.0:
    ``calculate_funnel_limits``, ``assign_funnel_significance``, ``calculate_funnel_points``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy import stats as sps

from equityhub.stats._checks import (
    FloatArray,
    as_float_array,
    check_multiplier,
    refuse_negative,
    refuse_where,
)
from equityhub.stats._funnel_axis import axis_points, round_down, round_up
from equityhub.stats.frame import DataFrameT, column_names, make_frame, numeric_column, with_columns

__all__ = [
    "funnel_limits",
    "funnel_limits_frame",
    "funnel_points",
    "funnel_significance",
    "funnel_significance_frame",
    "poisson_funnel",
    "sigma_adjustment",
]

Statistic = Literal["proportion", "ratio", "rate"]
#: A table of funnel limits by column: arrays of 100 points, and the labels as text.
FunnelTable = dict[str, FloatArray | str]
LEVELS = (("2s", 0.025, 0.95), ("3s", 0.001, 0.998))
NOT_APPLICABLE = "Not applicable for events less than 10 for dsrs"


def sigma_adjustment(
    p: float, population: npt.ArrayLike, average: float, *, side: str, multiplier: float = 1
) -> FloatArray:
    """Proportion at which a population of size ``n`` sits on the Wilson limit around ``average``.

    With ``z = Φ⁻¹(p)`` and ``p̄`` the average proportion this solves the Wilson score interval
    for its centre: ``(p̄(n/z² + 1) ∓ √D/8) / (1/z² + 1/n) / n · m``, where
    ``D = (8p̄(n/z² + 1))² − 64(1/z² + 1/n)·p̄·(n(p̄(n/z² + 2) − 1) + z²(p̄ − 1))``.
    """
    n = as_float_array(population, "population")
    z2 = sps.norm.ppf(p) ** 2
    first = average * (n / z2 + 1)
    inner = (-8 * first) ** 2 - 64 * (1 / z2 + 1 / n) * average * (
        n * (average * (n / z2 + 2) - 1) + z2 * (average - 1)
    )
    sign = -1 if side == "low" else 1
    with np.errstate(invalid="ignore"):
        return (first + sign * np.sqrt(inner) / 8) / (1 / z2 + 1 / n) / n * multiplier


def _series_end(mu: FloatArray) -> FloatArray:
    """Where the reference's Poisson series stops: the first ``k > μ`` whose term is at most
    1e-10 of the sum so far (``pmf(k) ≤ 1e-10·cdf(k − 1)``), found by bisection on ``k``."""
    low = np.floor(mu) + 1
    high = low + np.ceil(12 * np.sqrt(mu) + 60)
    while np.any(low < high):
        middle = np.floor((low + high) / 2)
        stop = sps.poisson.pmf(middle, mu) <= 1e-10 * sps.poisson.cdf(middle - 1, mu)
        high = np.where(stop, middle, high)
        low = np.where(stop, low, middle + 1)
    return low


def _truncated_tail(mu: FloatArray, observed: FloatArray, side: str) -> FloatArray:
    """P(K ≥ O) (``side="low"``) or P(K ≤ O) (``"high"``) as the reference's truncated series
    gives it: both sums stop at the series end ``E``, so the tail is relative to ``cdf(E − 1)``.
    """
    last = _series_end(mu) - 1
    total = sps.poisson.cdf(last, mu)
    if side == "low":
        tail = sps.poisson.sf(observed - 1, mu) - sps.poisson.sf(last, mu)
        return np.where(observed > last, 0.0, tail / total)
    return sps.poisson.cdf(np.minimum(observed, last), mu) / total


def poisson_funnel(observed: npt.ArrayLike, p: float, *, side: str) -> FloatArray:
    """Expected count at which ``observed`` is at the one-sided Poisson tail probability ``p``.

    ``side="low"`` finds μ with P(K ≥ O; μ) = p, ``side="high"`` μ with P(K ≤ O; μ) = p, by the
    reference's bisection on ``v`` with μ = (1 + O)·v/(1 − v), stopping when the step is ≤ 1e-7.
    The tail probabilities reproduce the reference's truncated series (see
    :func:`_truncated_tail`), so the bisection takes the same turns and the limits agree.
    """
    obs = as_float_array(observed, "observed")
    v = np.full(obs.shape, 0.5)
    step = 0.5
    while step > 1e-7:
        step /= 2
        tail = _truncated_tail((1 + obs) * v / (1 - v), obs, side)
        too_high = tail > p if side == "low" else tail < p
        v = np.where(too_high, v - step, v + step)
    return (1 + obs) * v / (1 - v)


def _derived_denominator(
    x: FloatArray, rate: FloatArray, denominator: FloatArray | None, rate_type: str, m: float
) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = m * x / rate
    if rate_type == "dsr":
        return np.where(x == 0, np.nan, derived)
    if denominator is None:
        if np.any(x == 0):
            raise ValueError("denominator: needed for crude rates when an area has 0 events")
        return derived
    return np.where(x == 0, denominator, derived)


def _check_statistic(statistic: str, **needed: object) -> None:
    if statistic not in ("proportion", "ratio", "rate"):
        raise ValueError(f"statistic: must be 'proportion', 'ratio' or 'rate', got {statistic!r}")
    missing = [name for name, value in needed.items() if value is None]
    if missing:
        raise ValueError(f"{', '.join(missing)}: required for statistic={statistic!r}")


def funnel_limits(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    statistic: Statistic,
    multiplier: float,
    rate: npt.ArrayLike | None = None,
    ratio_type: Literal["count", "isr"] | None = None,
    rate_type: Literal["dsr", "crude"] | None = None,
    years_of_data: float | None = None,
) -> FunnelTable:
    """The 100-point table of funnel control limits, as columns.

    Parameters
    ----------
    numerator, denominator : array_like
        Counts and populations (proportions), observed and expected counts (ratios), or events
        and (optionally, for areas with 0 events) populations (rates).
    statistic : {"proportion", "ratio", "rate"}, keyword-only
    multiplier : float, keyword-only
        Scale of the limits (100 for percentages, 100000 for rates per 100,000).
    rate, rate_type, years_of_data : keyword-only
        For rates: each area's rate, ``"dsr"`` or ``"crude"``, and the years the data cover.
    ratio_type : {"count", "isr"}, keyword-only
        For ratios: limits as ``O/E − 1`` or as ``O/E × 100``.

    Returns
    -------
    dict of str to ndarray
        Column names as in the reference: the x-axis column (``Population``,
        ``Observed_events`` or ``Events``), the limits, ``baseline`` and the metadata.
    """
    _check_statistic(
        statistic,
        multiplier=multiplier,
        **({"ratio_type": ratio_type} if statistic == "ratio" else {}),
        **(
            {"rate": rate, "rate_type": rate_type, "years_of_data": years_of_data}
            if statistic == "rate"
            else {}
        ),
    )
    m = check_multiplier(multiplier)
    x = as_float_array(numerator, "numerator")
    n = None if denominator is None else as_float_array(denominator, "denominator")
    if statistic == "rate" and rate is not None:
        derived = _derived_denominator(x, as_float_array(rate, "rate"), n, str(rate_type), m)
    elif n is None:
        raise ValueError(f"denominator: required for statistic={statistic!r}")
    else:
        derived = n
    average = float(x.sum() / np.nansum(derived))
    low, high = float(np.nanmin(derived)), float(np.nanmax(derived))
    years = float(years_of_data) if statistic == "rate" else 1.0  # type: ignore[arg-type]
    minimum = 0.0 if high > 2 * low else float(round_down(np.array([low / years]))[0] * years)
    maximum = float(round_up(np.array([high / years]))[0] * years)
    if statistic == "rate":
        minimum, maximum = float(np.floor(minimum * average)), float(np.ceil(maximum * average))
    points = axis_points(minimum, maximum, ratio=statistic == "ratio")
    if statistic == "proportion":
        return _proportion_table(points, average, m)
    if statistic == "ratio":
        return _ratio_table(points, str(ratio_type))
    return _rate_table(points, average, m, years, str(rate_type))


def _proportion_table(points: FloatArray, average: float, m: float) -> FunnelTable:
    table: FunnelTable = {"Population": points}
    for label, p, _ in LEVELS:
        table[f"lower_{label}_limit"] = np.maximum(
            0, sigma_adjustment(1 - p, points, average, side="low", multiplier=m)
        )
        table[f"upper_{label}_limit"] = np.minimum(
            100, sigma_adjustment(1 - p, points, average, side="high", multiplier=m)
        )
    table["baseline"] = np.full(len(points), average * m)
    return table | {"statistic": "proportion", "method": "Wilson"}


def _ratio_table(points: FloatArray, ratio_type: str) -> FunnelTable:
    table: FunnelTable = {"Observed_events": points}
    for label, p, _ in LEVELS:
        for bound, side in (("lower", "high"), ("upper", "low")):
            expected = poisson_funnel(points, p, side=side)
            ratio = points / expected
            table[f"{bound}_{label}_exp_events"] = expected
            table[f"{bound}_{label}_limit"] = ratio - 1 if ratio_type == "count" else ratio * 100
    return table | {"statistic": f"ratio ({ratio_type})", "method": "Poisson"}


def _rate_table(
    points: FloatArray, average: float, m: float, years: float, rate_type: str
) -> FunnelTable:
    table: FunnelTable = {"Events": points}
    for label, p, _ in LEVELS:
        for bound, side in (("lower", "high"), ("upper", "low")):
            population = poisson_funnel(points, p, side=side) / average
            table[f"{bound}_{label}_population_1_year"] = population / years
            table[f"{bound}_{label}_limit"] = points / population * m
    table["baseline"] = np.full(len(points), average * m)
    statistic = f"rate ({rate_type} per {m:,.0f})"
    return table | {"statistic": statistic, "method": "Poisson"}


def _ratio_test(obs: FloatArray, expected: FloatArray, p: float, side: str) -> FloatArray:
    """Exact (O < 10) or Byars limit of ``O`` at two-sided level ``p``, divided by ``E``."""
    z = sps.norm.ppf(0.5 + p / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        if side == "low":
            exact = sps.chi2.isf(0.5 + p / 2, 2 * obs) / 2
            byars = obs * (1 - 1 / (9 * obs) - z / 3 / np.sqrt(obs)) ** 3
            value = np.where(obs == 0, 0.0, np.where(obs < 10, exact, byars))
        else:
            exact = sps.chi2.ppf(0.5 + p / 2, 2 * obs + 2) / 2
            byars = (obs + 1) * (1 - 1 / (9 * (obs + 1)) + z / 3 / np.sqrt(obs + 1)) ** 3
            value = np.where(obs < 10, exact, byars)
        return value / expected


def _labels(
    high3: npt.ArrayLike, high2: npt.ArrayLike, low3: npt.ArrayLike, low2: npt.ArrayLike
) -> npt.NDArray[np.object_]:
    conditions = [np.asarray(c, dtype=bool) for c in (high3, high2, low3, low2)]
    choices = ["High (0.001)", "High (0.025)", "Low (0.001)", "Low (0.025)"]
    return np.select(conditions, choices, default="Not significant").astype(object)


def funnel_significance(
    numerator: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    statistic: Statistic,
    rate: npt.ArrayLike | None = None,
    rate_type: Literal["dsr", "crude"] | None = None,
    multiplier: float | None = None,
) -> npt.NDArray[np.object_]:
    """Each area's position against the funnel: ``"High (0.001)"`` … ``"Not significant"``.

    Proportions are compared with :func:`sigma_adjustment` around ``Σx/Σn``; ratios test 1
    against the exact/Byars limits of ``O``/``E``; rates test the weighted average rate
    ``Σx/Σn*`` (``n*`` derived from the rates) the same way. DSRs with fewer than 10 events are
    ``"Not applicable for events less than 10 for dsrs"``.
    """
    needed = {"rate": rate, "rate_type": rate_type, "multiplier": multiplier}
    _check_statistic(statistic, **(needed if statistic == "rate" else {}))
    x = as_float_array(numerator, "numerator")
    n = None if denominator is None else as_float_array(denominator, "denominator")
    refuse_negative(numerator=x)
    if n is not None:
        refuse_where(n <= 0, field="denominator", problem="must be greater than zero", values=n)
    if statistic == "proportion":
        if n is None:
            raise ValueError("denominator: required for statistic='proportion'")
        refuse_where(x > n, field="numerator", problem="is above the denominator", values=x)
        share, average = x / n, x.sum() / n.sum()

        def edge(p: float, side: str) -> FloatArray:
            return sigma_adjustment(p, n, average, side=side)

        return _labels(
            share > edge(0.999, "high"),
            share > edge(0.975, "high"),
            share < edge(0.999, "low"),
            share < edge(0.975, "low"),
        )
    if statistic == "ratio":
        if n is None:
            raise ValueError("denominator: required for statistic='ratio'")
        return _test_against(x, n, 1.0)
    if rate is None or multiplier is None:
        raise ValueError("rate, multiplier: required for statistic='rate'")
    m = check_multiplier(multiplier)
    derived = _derived_denominator(x, as_float_array(rate, "rate"), n, str(rate_type), m)
    labels = _test_against(x, derived, float(x.sum() / np.nansum(derived)))
    if rate_type == "dsr":
        labels[x < 10] = NOT_APPLICABLE
    return labels


def _test_against(x: FloatArray, expected: FloatArray, target: float) -> npt.NDArray[np.object_]:
    return _labels(
        target < _ratio_test(x, expected, 0.998, "low"),
        target < _ratio_test(x, expected, 0.95, "low"),
        target > _ratio_test(x, expected, 0.998, "high"),
        target > _ratio_test(x, expected, 0.95, "high"),
    )


def funnel_points(
    numerator: npt.ArrayLike,
    rate: npt.ArrayLike,
    denominator: npt.ArrayLike | None = None,
    *,
    rate_type: Literal["dsr", "crude"],
    years_of_data: float,
    multiplier: float,
) -> dict[str, FloatArray]:
    """Each area's point on a rate funnel: ``rate_chart`` and annual ``denominator_derived``.

    DSRs with fewer than 10 events are not plotted (NaN).
    """
    m = check_multiplier(multiplier)
    x = as_float_array(numerator, "numerator")
    r = as_float_array(rate, "rate")
    n = None if denominator is None else as_float_array(denominator, "denominator")
    if rate_type == "dsr":
        shown = x >= 10
        with np.errstate(divide="ignore", invalid="ignore"):
            derived = np.where(shown, m * x / r / years_of_data, np.nan)
        return {"rate_chart": np.where(shown, r, np.nan), "denominator_derived": derived}
    derived = _derived_denominator(x, r, n, "crude", m) / years_of_data
    return {"rate_chart": r, "denominator_derived": derived}


def _columns(
    df: object, numerator: str, denominator: str | None, rate: str | None
) -> tuple[FloatArray, FloatArray | None, FloatArray | None]:
    x = numeric_column(df, numerator, field="numerator")
    n = None if denominator is None else numeric_column(df, denominator, field="denominator")
    r = None if rate is None else numeric_column(df, rate, field="rate")
    return x, n, r


def funnel_limits_frame(
    df: DataFrameT,
    *,
    numerator: str,
    denominator: str | None = None,
    rate: str | None = None,
    **options: Any,
) -> DataFrameT:
    """:func:`funnel_limits` for a pandas or polars DataFrame; returns the 100-row table."""
    column_names(df)
    x, n, r = _columns(df, numerator, denominator, rate)
    table = funnel_limits(x, n, rate=r, **options)
    rows = len(next(iter(table.values())))
    return make_frame(
        {k: np.broadcast_to(np.asarray(v), (rows,)) for k, v in table.items()}, like=df
    )


def funnel_significance_frame(
    df: DataFrameT,
    *,
    numerator: str,
    denominator: str | None = None,
    rate: str | None = None,
    **options: Any,
) -> DataFrameT:
    """The input rows with a ``significance`` column (see :func:`funnel_significance`)."""
    x, n, r = _columns(df, numerator, denominator, rate)
    return with_columns(df, {"significance": funnel_significance(x, n, rate=r, **options)})
