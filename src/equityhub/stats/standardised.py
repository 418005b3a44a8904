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
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._bands import check_band_order, is_labelled, per_row_standard
from equityhub.stats._checks import (
    FloatArray,
    Locator,
    as_float_array,
    at_position,
    check_multiplier,
    confidence_levels,
    refuse_missing,
    refuse_negative,
    refuse_where,
    same_length,
)
from equityhub.stats._indirect import (
    ISRResult,
    israte,
    israte_by,
    isratio,
    isratio_by,
)
from equityhub.stats.frame import (
    DataFrameT,
    Groups,
    IntArray,
    codes_from_labels,
    column_or_vector,
    group_rows,
    numeric_column,
    raw_column,
    result_to_frame,
)
from equityhub.stats.indicators import multiplier_text
from equityhub.stats.intervals import byars_limits
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, OutputType

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
    "standard_population",
]

Confidence = float | Sequence[float]
Population = str | Sequence[float] | npt.NDArray[Any] | pd.Series | Mapping[str, float] | None
StandardPopulation = npt.ArrayLike | pd.Series | Mapping[str, float] | None
DSR_MINIMUM = 10
POSITIVE = "must be greater than zero"
NON_INDEPENDENT = "Dobson, with confidence adjusted for non-independent events"


@functools.cache
def _standard_table(name: str) -> pd.DataFrame:
    path = resources.files("equityhub.stats") / "data" / f"{name}.csv"
    with resources.as_file(path) as file:
        return pd.read_csv(file, comment="#", dtype={"ageband": str})


@functools.cache
def _standard(name: str) -> FloatArray:
    values = _standard_table(name)["population"].to_numpy(dtype=np.float64)
    values.flags.writeable = False
    return values


def standard_population(name: str = "esp2013") -> pd.Series:
    """A European Standard Population with its age band labels as the index.

    Given as ``stdpop`` with an ``ageband`` column, it is matched to the rows by band, so the rows
    may come in any order.

    Parameters
    ----------
    name : {"esp2013", "esp1976"}

    Examples
    --------
    >>> standard_population().head(3)
    ageband
    0-4      5000.0
    5-9      5500.0
    10-14    5500.0
    Name: population, dtype: float64
    """
    if name not in ("esp2013", "esp1976"):
        raise ValueError(f"name: {name!r} is not 'esp2013' or 'esp1976'")
    table = _standard_table(name)
    return pd.Series(
        table["population"].to_numpy(dtype=np.float64),
        index=pd.Index(table["ageband"], name="ageband"),
        name="population",
    )


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


def _dsr_inputs(
    count: npt.ArrayLike, population: npt.ArrayLike, stdpop: FloatArray, where: Locator
) -> tuple[FloatArray, FloatArray]:
    x = np.nan_to_num(as_float_array(count, "numerator"), nan=0.0)
    n = as_float_array(population, "denominator")
    same_length(numerator=x, denominator=n, stdpop=stdpop)
    refuse_missing(n, field="denominator", where=where)
    refuse_missing(stdpop, field="stdpop", where=where)
    refuse_negative(where, numerator=x, stdpop=stdpop)
    refuse_where(n <= 0, field="denominator", problem=POSITIVE, values=n, where=where)
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
    stdpop: StandardPopulation = None,
    *,
    groups: npt.ArrayLike | None = None,
    confidence: Confidence | None = 0.95,
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
    stdpop : array_like, Series or mapping, optional
        Standard population per row; or per band with band labels (a Series or mapping indexed
        by label, matched to ``age_band``); or a bare vector per band, matched by row position
        within each group (within each group and event frequency for non-independent events).
        Defaults to the 2013 European Standard Population (19 bands), with its labels.
    groups : array_like, optional, keyword-only
        A group label per row; results come in sorted label order.
    confidence : float, sequence of float or None, keyword-only
        Level(s) of the limits; ``None`` for none.
    age_band : array_like, optional, keyword-only
        The age band of each row. With it, a labelled standard population is matched by band and
        a bare vector is checked to meet the rows in ascending age order (refused otherwise).

    Raises
    ------
    ValueError
        Negative counts or standard populations, populations not above zero, a standard
        population that cannot be matched to the rows, or bands out of order for a vector.
    """
    m = check_multiplier(multiplier)
    levels = () if confidence is None else confidence_levels(confidence)
    codes, n_groups = codes_from_labels(groups, len(as_float_array(count, "numerator")))
    freq = None if event_frequency is None else as_float_array(event_frequency, "eventfreq")
    if freq is not None:
        if age_band is None:
            raise ValueError("age_band: required when events are not independent")
        refuse_missing(freq, field="eventfreq", where=where)
    # A vector is matched by position within the groups the reference forms: with event
    # frequencies it groups by area and frequency, so each frequency holds one row per band.
    position_codes, n_position = (codes, n_groups) if freq is None else _with(codes, freq)
    w = per_row_standard(
        _esp_default() if stdpop is None else stdpop,
        codes=position_codes,
        n_groups=n_position,
        bands=age_band,
        where=where,
    )
    x, n = _dsr_inputs(count, population, w, where)
    if freq is None:
        first, _ = _band_starts(codes, n_groups, None)
        freq = np.ones_like(x)
    else:
        first, band_first = _band_starts(codes, n_groups, age_band)
        for values, field in ((n, "denominator"), (w, "stdpop")):
            refuse_where(
                values != values[band_first],
                field=field,
                values=values,
                where=where,
                problem="differs between rows of the same group and age band",
            )
    method = "Dobson" if event_frequency is None else NON_INDEPENDENT
    return _dsr_result(x * freq, x * freq**2, n, w, codes, n_groups, first, levels, m, method)


def _esp_default() -> pd.Series:
    """The default standard population: ESP 2013 with its band labels."""
    return standard_population("esp2013")


def _with(codes: IntArray, extra: FloatArray) -> tuple[IntArray, int]:
    """Group codes refined by a second key (one code per group and key value)."""
    extra_codes, extra_values = pd.factorize(extra, sort=True)
    key = codes.astype(np.int64) * len(extra_values) + extra_codes
    combined, uniques = pd.factorize(key, sort=True)
    return np.asarray(combined, dtype=np.intp), len(uniques)


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


def _frame_groups(df: Any, by: str | Sequence[str] | None, drop: str | None) -> Groups:
    names = [by] if isinstance(by, str) else list(by or [])
    return group_rows(df, [name for name in names if name != drop])


def dsr_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    stdpop: Population = None,
    confidence: Confidence | None = 0.95,
    multiplier: float = 100_000,
    eventfreq: str | None = None,
    ageband: str | None = None,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Directly standardised rates per group of a pandas or polars DataFrame (see :func:`dsr`).

    ``stdpop`` is a column name, a Series or mapping indexed by age band label, a bare vector
    with one value per age band, or ``None`` for the 2013 ESP (labelled). Give ``ageband`` (a
    column of band labels) so a labelled standard population is matched by band whatever the row
    order, and a bare vector is checked against the row order. Give ``eventfreq`` too for
    non-independent events (``x`` is then the number of people with that many events); an
    ``eventfreq`` column in ``by`` is ignored.
    Output: the ``by`` columns, ``total_count``, ``total_pop``, ``value``, limits,
    ``confidence``, ``statistic``, ``method``; ``type`` and ``names`` as
    :func:`~equityhub.stats.indicators.proportion_by`.
    """
    if eventfreq is not None and ageband is None:
        raise ValueError("eventfreq, ageband: give both columns for non-independent events")
    groups = _frame_groups(df, by, eventfreq)
    frequency = None if eventfreq is None else numeric_column(df, eventfreq, field="eventfreq")
    bands = None if ageband is None else raw_column(df, ageband, field="ageband")
    standard: StandardPopulation = stdpop
    if isinstance(stdpop, str):
        standard = column_or_vector(df, stdpop, field="stdpop")
    elif stdpop is not None and bands is not None and not is_labelled(stdpop):
        # A bare vector meets the rows by position: refuse rows out of age order, even when
        # one group has as many rows as the vector has values.
        codes, n_codes = (groups.codes, groups.n_groups)
        if frequency is not None:
            codes, n_codes = _with(codes, frequency)
        check_band_order(bands, codes, n_codes, groups.describe_row)
    result = dsr(
        numeric_column(df, numerator, field="numerator"),
        numeric_column(df, denominator, field="denominator"),
        standard,
        groups=groups.codes,
        confidence=confidence,
        multiplier=multiplier,
        event_frequency=frequency,
        age_band=bands,
        where=groups.describe_row,
    )
    first = ("total_count", "total_pop")
    return result_to_frame(groups, result, first=first, type=type, names=names)
