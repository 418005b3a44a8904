"""Directly standardised rates (Dobson limits) and indirectly standardised ratios and rates.

Inputs are one row per group and age band. Array functions take row arrays plus optional integer
``groups`` codes (one per row); the ``*_by`` functions take a pandas or polars DataFrame and ``by``
columns. A standard or reference population may be a vector (one value per age band, matched to
the rows of every group by position, so every group needs the same number of rows) or a column.
Missing event counts count as 0; missing populations are refused.

References
----------
Dobson AJ, Kuulasmaa K, Eberle E, Scherer J (1991). Confidence intervals for weighted sums of
    Poisson parameters. Stat Med 10:457-462.
Breslow NE, Day NE (1987). Statistical methods in cancer research, vol II. IARC.
Public Health England (2018). Technical guide: confidence intervals. PHEindicatormethods 2.1.0:
    ``calculate_dsr``, ``calculate_ISRatio``, ``calculate_ISRate``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import (
    FloatArray,
    Locator,
    as_float_array,
    at_position,
    confidence_levels,
    refuse_where,
    same_length,
)
from equityhub.stats.frame import (
    Groups,
    IntArray,
    group_rows,
    numeric_column,
    positions_within,
    raw_column,
    result_to_frame,
)
from equityhub.stats.indicators import multiplier_text
from equityhub.stats.intervals import byars_limits, poisson_limits
from equityhub.stats.results import IntervalResult

__all__ = [
    "DSRResult",
    "ISRResult",
    "dsr",
    "dsr_by",
    "esp1976",
    "esp2013",
    "israte",
    "israte_by",
    "isratio",
    "isratio_by",
]

Confidence = float | Sequence[float]
Population = str | Sequence[float] | npt.NDArray[Any] | None
DSR_MINIMUM = 10
NON_INDEPENDENT = "Dobson, with confidence adjusted for non-independent events"


@functools.cache
def _standard(name: str) -> FloatArray:
    path = resources.files("equityhub.stats") / "data" / f"{name}.csv"
    with resources.as_file(path) as file:
        table = pd.read_csv(file, comment="#")
    values = table["population"].to_numpy(dtype=np.float64)
    values.flags.writeable = False
    return values


def esp2013() -> FloatArray:
    """The 2013 European Standard Population, 19 bands 0–4, 5–9, …, 85–89, 90+ (sums to 100,000)."""
    return _standard("esp2013")


def esp1976() -> FloatArray:
    """The 1976 European Standard Population, 18 bands 0–4, 5–9, …, 80–84, 85+ (sums to 100,000)."""
    return _standard("esp1976")


@dataclasses.dataclass(frozen=True, kw_only=True)
class DSRResult(IntervalResult):
    """Directly standardised rates; value and limits are NaN where the total count is below 10."""

    total_count: FloatArray
    total_pop: FloatArray
    statistic: npt.NDArray[np.object_]
    method: str = "Dobson"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ISRResult(IntervalResult):
    """Indirectly standardised ratios or rates (``ref_rate`` is NaN for ratios)."""

    observed: FloatArray
    expected: FloatArray
    ref_rate: FloatArray
    statistic: str
    method: npt.NDArray[np.object_]


def _codes(groups: npt.ArrayLike | None, length: int) -> tuple[IntArray, int]:
    if groups is None:
        return np.zeros(length, dtype=np.intp), 1
    _, codes = np.unique(np.asarray(groups), return_inverse=True)
    codes = codes.astype(np.intp).reshape(-1)
    if len(codes) != length:
        raise ValueError(f"groups: expected {length} codes, one per row, got {len(codes)}")
    return codes, int(codes.max()) + 1 if length else 0


def _per_row(
    values: npt.ArrayLike, field: str, codes: IntArray, n_groups: int, where: Locator
) -> FloatArray:
    """A per-row array as is, or a per-band vector spread over each group by row position."""
    vector = as_float_array(values, field)
    if len(vector) == len(codes):
        return vector
    sizes = np.bincount(codes, minlength=n_groups)
    wrong = np.flatnonzero(sizes != len(vector))
    if wrong.size:
        first_row = int(np.flatnonzero(codes == wrong[0])[0])
        raise ValueError(
            f"{field}: {len(vector)} values (one per age band) but {where(first_row)} has "
            f"{sizes[wrong[0]]} rows; every group needs one row per band"
        )
    return vector[positions_within(codes, n_groups)]


def _check_multiplier(multiplier: float) -> float:
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)):
        raise TypeError(f"multiplier: {multiplier!r} is not a number")
    if not np.isfinite(multiplier) or multiplier <= 0:
        raise ValueError(f"multiplier: must be greater than 0, got {multiplier!r}")
    return float(multiplier)


def _check_missing(values: FloatArray, field: str, where: Locator) -> None:
    refuse_where(np.isnan(values), field=field, problem="must not be missing", values=values,
                 where=where)  # fmt: skip


def _dsr_inputs(
    count: npt.ArrayLike, population: npt.ArrayLike, stdpop: FloatArray, where: Locator
) -> tuple[FloatArray, FloatArray]:
    x = np.nan_to_num(as_float_array(count, "numerator"), nan=0.0)
    n = as_float_array(population, "denominator")
    same_length(numerator=x, denominator=n, stdpop=stdpop)
    refuse_where(x < 0, field="numerator", problem="must be greater than or equal to zero",
                 values=x, where=where)  # fmt: skip
    _check_missing(n, "denominator", where)
    refuse_where(n <= 0, field="denominator", problem="must be greater than zero", values=n,
                 where=where)  # fmt: skip
    _check_missing(stdpop, "stdpop", where)
    refuse_where(stdpop < 0, field="stdpop", problem="must be greater than or equal to zero",
                 values=stdpop, where=where)  # fmt: skip
    return x, n


def _band_starts(
    codes: IntArray, n_groups: int, bands: npt.ArrayLike | None
) -> tuple[npt.NDArray[np.bool_], IntArray]:
    """Mark the first row of each (group, age band) and give each row its band's first row."""
    if bands is None:
        return np.ones(len(codes), dtype=bool), np.arange(len(codes))
    band_codes, _ = pd.factorize(np.asarray(bands), use_na_sentinel=False)
    _, first, inverse = np.unique(
        codes.astype(np.int64) * (int(band_codes.max()) + 1) + band_codes,
        return_index=True,
        return_inverse=True,
    )
    is_first = np.zeros(len(codes), dtype=bool)
    is_first[first] = True
    return is_first, first[inverse.reshape(-1)]


def dsr(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    stdpop: npt.ArrayLike | None = None,
    *,
    groups: npt.ArrayLike | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    event_frequency: npt.ArrayLike | None = None,
    age_band: npt.ArrayLike | None = None,
    where: Locator = at_position,
) -> DSRResult:
    """Directly standardised rates with Dobson limits, one per group.

    With ``w`` the standard population, per group:

    .. math::

        DSR = \\frac{\\sum x_i w_i / n_i}{\\sum w_i}, \\quad
        V = \\frac{\\sum x_i (w_i / n_i)^2}{(\\sum w_i)^2}, \\quad O = \\sum x_i

    and the limits are ``(DSR + √(V/O)·(B(O) − O))·m`` with ``B`` the Byars limits of ``O``.
    Value and limits are NaN (not published) when ``O < 10``.

    For non-independent events (``event_frequency`` given), each row counts the people who had
    ``f`` events: events are ``Σ f·x``, and the variance becomes ``Σ_f f²·V_f`` with ``V_f``
    computed from the people counts at frequency ``f``. ``age_band`` identifies the rows of one
    band, whose population and standard population must agree.

    Parameters
    ----------
    count, population : array_like
        Events ``x`` (missing counts as 0) and populations ``n`` (> 0) per row.
    stdpop : array_like, optional
        Standard population per row, or per band (matched by row position within each group).
        Defaults to the 2013 European Standard Population (19 bands).
    groups : array_like, optional, keyword-only
        A group label per row; results come in sorted label order.
    """
    m = _check_multiplier(multiplier)
    levels = confidence_levels(confidence)
    codes, n_groups = _codes(groups, len(as_float_array(count, "numerator")))
    w = _per_row(esp2013() if stdpop is None else stdpop, "stdpop", codes, n_groups, where)
    x, n = _dsr_inputs(count, population, w, where)
    if event_frequency is None:
        freq = np.ones_like(x)
        first, band_first = _band_starts(codes, n_groups, None)
    else:
        if age_band is None:
            raise ValueError("age_band: required when events are not independent")
        freq = as_float_array(event_frequency, "eventfreq")
        _check_missing(freq, "eventfreq", where)
        first, band_first = _band_starts(codes, n_groups, age_band)
        for values, field in ((n, "denominator"), (w, "stdpop")):
            refuse_where(values != values[band_first], field=field, values=values, where=where,
                         problem="differs between rows of the same group and age band")  # fmt: skip
    return _dsr_result(x * freq, x * freq**2, n, w, codes, n_groups, first, levels, m,
                       NON_INDEPENDENT if event_frequency is not None else "Dobson")  # fmt: skip


def _dsr_result(
    events: FloatArray,
    variance_weight: FloatArray,
    n: FloatArray,
    w: FloatArray,
    codes: IntArray,
    n_groups: int,
    band_first: npt.NDArray[np.bool_],
    levels: tuple[float, ...],
    m: float,
    method: str,
) -> DSRResult:
    def total(values: FloatArray) -> FloatArray:
        return np.bincount(codes, weights=values, minlength=n_groups)

    sum_w = total(np.where(band_first, w, 0.0))
    rate = total(events * w / n) / sum_w
    variance = total(variance_weight * (w / n) ** 2) / sum_w**2
    observed = total(events)
    shown = observed >= DSR_MINIMUM
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.sqrt(variance / observed)
        for level in levels:
            byars_low, byars_high = byars_limits(observed, confidence=level)
            lower[level] = np.where(shown, (rate + scale * (byars_low - observed)) * m, np.nan)
            upper[level] = np.where(shown, (rate + scale * (byars_high - observed)) * m, np.nan)
    statistic = np.where(shown, f"dsr per {multiplier_text(m)}", "dsr NA for total count < 10")
    return DSRResult(
        value=np.where(shown, rate * m, np.nan),
        lower=lower,
        upper=upper,
        confidence=levels,
        total_count=observed,
        total_pop=total(np.where(band_first, n, 0.0)),
        statistic=statistic.astype(object),
        method=method,
    )


def _population_rows(df: Any, stdpop: Population, field: str) -> npt.ArrayLike:
    """A column's values when ``stdpop`` names one, else the vector itself."""
    if isinstance(stdpop, str):
        return numeric_column(df, stdpop, field=field)
    return esp2013() if stdpop is None else as_float_array(stdpop, field)


def _frame_groups(df: Any, by: str | Sequence[str] | None, drop: str | None) -> Groups:
    names = [by] if isinstance(by, str) else list(by or [])
    return group_rows(df, [name for name in names if name != drop])


def dsr_by(
    df: Any,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    stdpop: Population = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    eventfreq: str | None = None,
    ageband: str | None = None,
) -> Any:
    """Directly standardised rates per group of a pandas or polars DataFrame (see :func:`dsr`).

    ``stdpop`` is a column name, a vector with one value per age band, or ``None`` for the 2013
    ESP. Give ``eventfreq`` and ``ageband`` column names for non-independent events (``x`` is then
    the number of people with that many events); an ``eventfreq`` column in ``by`` is ignored.
    Output: the ``by`` columns, ``total_count``, ``total_pop``, ``value``, limits,
    ``confidence``, ``statistic``, ``method``.
    """
    if (eventfreq is None) != (ageband is None):
        raise ValueError("eventfreq, ageband: give both columns for non-independent events")
    groups = _frame_groups(df, by, eventfreq)
    result = dsr(
        numeric_column(df, numerator, field="numerator"),
        numeric_column(df, denominator, field="denominator"),
        _population_rows(df, stdpop, "stdpop"),
        groups=groups.codes,
        confidence=confidence,
        multiplier=multiplier,
        event_frequency=None if eventfreq is None else numeric_column(df, eventfreq, field="eventfreq"),
        age_band=None if ageband is None else raw_column(df, ageband, field="ageband"),
        where=groups.describe_row,
    )  # fmt: skip
    return result_to_frame(groups, result, first=("total_count", "total_pop"))


def _isr_core(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    ref_count: npt.ArrayLike,
    ref_population: npt.ArrayLike,
    groups: npt.ArrayLike | None,
    observed: npt.ArrayLike | None,
    where: Locator,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Observed, expected and reference rate (events per person) for each group."""
    x = np.nan_to_num(as_float_array(count, "numerator"), nan=0.0)
    n = as_float_array(population, "denominator")
    codes, n_groups = _codes(groups, len(x))
    x_ref = np.nan_to_num(_per_row(ref_count, "x_ref", codes, n_groups, where), nan=0.0)
    n_ref = _per_row(ref_population, "n_ref", codes, n_groups, where)
    same_length(numerator=x, denominator=n, x_ref=x_ref, n_ref=n_ref)
    refuse_where(x < 0, field="numerator", problem="must be greater than or equal to zero",
                 values=x, where=where)  # fmt: skip
    for values, field in ((n, "denominator"), (n_ref, "n_ref")):
        _check_missing(values, field, where)
        refuse_where(values < 0, field=field, problem="must be greater than or equal to zero",
                     values=values, where=where)  # fmt: skip
    refuse_where(n_ref == 0, field="n_ref", problem="must be greater than zero", values=n_ref,
                 where=where)  # fmt: skip
    refuse_where(x_ref < 0, field="x_ref", problem="must be greater than or equal to zero",
                 values=x_ref, where=where)  # fmt: skip
    expected = np.bincount(codes, weights=x_ref / n_ref * n, minlength=n_groups)
    if observed is None:
        totals = np.bincount(codes, weights=x, minlength=n_groups)
    else:
        totals = as_float_array(observed, "observed_totals")
        if len(totals) != n_groups:
            raise ValueError(f"observed_totals: expected {n_groups} totals, got {len(totals)}")
    ref_rate = np.bincount(codes, weights=x_ref, minlength=n_groups) / np.bincount(
        codes, weights=n_ref, minlength=n_groups
    )
    return totals, expected, ref_rate


def _isr_result(
    observed: FloatArray,
    expected: FloatArray,
    scale: FloatArray,
    levels: tuple[float, ...],
    statistic: str,
    ref_rate: FloatArray,
) -> ISRResult:
    lower: dict[float, FloatArray] = {}
    upper: dict[float, FloatArray] = {}
    method = poisson_limits(observed)[2]
    for level in levels:
        low, high, _ = poisson_limits(observed, confidence=level)
        lower[level], upper[level] = low / expected * scale, high / expected * scale
    return ISRResult(
        value=observed / expected * scale,
        lower=lower,
        upper=upper,
        confidence=levels,
        observed=observed,
        expected=expected,
        ref_rate=ref_rate,
        statistic=statistic,
        method=method,
    )


def isratio(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    ref_count: npt.ArrayLike,
    ref_population: npt.ArrayLike,
    *,
    groups: npt.ArrayLike | None = None,
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    observed_totals: npt.ArrayLike | None = None,
    where: Locator = at_position,
) -> ISRResult:
    """Indirectly standardised ratios (such as SMRs), one per group.

    .. math::

        E = \\sum_i \\frac{x^{ref}_i}{n^{ref}_i} n_i, \\quad O = \\sum_i x_i, \\quad
        ISR = \\frac{O}{E}\\cdot r

    Limits are the exact Poisson limits of ``O`` (below 10 events) or Byars' limits, divided by
    ``E`` and multiplied by ``refvalue`` ``r`` (100 for a ratio in percent).

    Parameters
    ----------
    count, population : array_like
        Observed events (missing counts as 0) and populations (≥ 0) per row.
    ref_count, ref_population : array_like
        Reference events and populations, per row or per band (matched by row position).
    observed_totals : array_like, optional
        One observed total per group (in sorted group order) when events are not broken down by
        age; ``count`` is then ignored for ``O``.
    """
    if isinstance(refvalue, bool) or not isinstance(refvalue, (int, float, np.number)):
        raise TypeError(f"refvalue: {refvalue!r} is not a number")
    levels = confidence_levels(confidence)
    observed, expected, _ = _isr_core(
        count, population, ref_count, ref_population, groups, observed_totals, where
    )
    statistic = f"indirectly standardised ratio x {multiplier_text(refvalue)}"
    nan = np.full(len(observed), np.nan)
    return _isr_result(observed, expected, np.float64(refvalue) + nan * 0, levels, statistic, nan)


def israte(
    count: npt.ArrayLike,
    population: npt.ArrayLike,
    ref_count: npt.ArrayLike,
    ref_population: npt.ArrayLike,
    *,
    groups: npt.ArrayLike | None = None,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    observed_totals: npt.ArrayLike | None = None,
    where: Locator = at_position,
) -> ISRResult:
    """Indirectly standardised rates: the ratio ``O/E`` times the reference rate.

    ``ref_rate = Σx_ref / Σn_ref · m`` (per group), ``value = O/E · ref_rate``, and the limits
    are those of :func:`isratio` times ``ref_rate``.
    """
    m = _check_multiplier(multiplier)
    levels = confidence_levels(confidence)
    observed, expected, ref_rate = _isr_core(
        count, population, ref_count, ref_population, groups, observed_totals, where
    )
    statistic = f"indirectly standardised rate per {multiplier_text(m)}"
    return _isr_result(observed, expected, ref_rate * m, levels, statistic, ref_rate * m)


def _lookup_totals(groups: Groups, totals: Any, column: str) -> FloatArray:
    """Observed totals for each group, joined from a frame holding the ``by`` columns."""
    keys = pd.DataFrame(groups.keys())
    lookup = pd.DataFrame({name: raw_column(totals, name, field="observed_totals")
                           for name in (*groups.by, column)})  # fmt: skip
    if lookup.duplicated(list(groups.by)).any():
        raise ValueError("observed_totals: each group must appear once")
    joined = keys.merge(lookup, how="left", on=list(groups.by)) if groups.by else lookup
    values = pd.to_numeric(joined[column], errors="coerce").to_numpy(dtype=np.float64)
    refuse_where(np.isnan(values), field="observed_totals", problem="no total for a group",
                 values=values, where=groups.describe)  # fmt: skip
    return values


def _isr_by(df: Any, options: dict[str, Any], rate: bool) -> Any:
    groups = _frame_groups(df, options.pop("by"), None)
    lookup = options.pop("observed_totals")
    numerator = options.pop("numerator")
    arrays = (
        numeric_column(df, numerator, field="numerator"),
        numeric_column(df, options.pop("denominator"), field="denominator"),
        _population_rows(df, options.pop("ref_numerator"), "x_ref"),
        _population_rows(df, options.pop("ref_denominator"), "n_ref"),
    )
    totals = None if lookup is None else _lookup_totals(groups, lookup, numerator)
    function = israte if rate else isratio
    result = function(*arrays, groups=groups.codes, observed_totals=totals,
                      where=groups.describe_row, **options)  # fmt: skip
    first = ("observed", "expected", "ref_rate")
    return result_to_frame(groups, result, first=first, exclude=() if rate else ("ref_rate",))


def isratio_by(
    df: Any,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    ref_numerator: str | Sequence[float],
    ref_denominator: str | Sequence[float],
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    observed_totals: Any = None,
) -> Any:
    """Indirectly standardised ratios per group of a DataFrame (see :func:`isratio`).

    ``ref_numerator``/``ref_denominator`` are column names or per-band vectors.
    ``observed_totals`` is an optional frame with the ``by`` columns and a ``numerator`` column
    of total observed events per group. Output: ``by`` columns, ``observed``, ``expected``,
    ``value``, limits, ``confidence``, ``statistic``, ``method``.
    """
    options = {"by": by, "numerator": numerator, "denominator": denominator,
               "ref_numerator": ref_numerator, "ref_denominator": ref_denominator,
               "confidence": confidence, "refvalue": refvalue, "observed_totals": observed_totals}  # fmt: skip
    return _isr_by(df, options, rate=False)


def israte_by(
    df: Any,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    ref_numerator: str | Sequence[float],
    ref_denominator: str | Sequence[float],
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    observed_totals: Any = None,
) -> Any:
    """Indirectly standardised rates per group of a DataFrame (see :func:`israte`).

    Options as :func:`isratio_by`; the output adds ``ref_rate`` after ``expected``.
    """
    options = {"by": by, "numerator": numerator, "denominator": denominator,
               "ref_numerator": ref_numerator, "ref_denominator": ref_denominator,
               "confidence": confidence, "multiplier": multiplier,
               "observed_totals": observed_totals}  # fmt: skip
    return _isr_by(df, options, rate=True)
