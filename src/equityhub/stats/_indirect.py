"""Indirectly standardised ratios and rates (re-exported by :mod:`equityhub.stats.standardised`).

References
----------
Breslow NE, Day NE (1987). Statistical methods in cancer research, vol II. IARC.
Public Health England (2018). Technical guide: confidence intervals. PHEindicatormethods 2.1.0:
    ``calculate_ISRatio``, ``calculate_ISRate``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

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
from equityhub.stats.frame import (
    DataFrameT,
    codes_from_labels,
    column_or_vector,
    group_rows,
    lookup_per_group,
    numeric_column,
    result_to_frame,
    spread_per_band,
)
from equityhub.stats.indicators import multiplier_text
from equityhub.stats.intervals import poisson_limits, poisson_method
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import ColumnNames, OutputType

__all__ = ["ISRResult", "israte", "israte_by", "isratio", "isratio_by"]

Confidence = float | Sequence[float]
Population = str | Sequence[float] | npt.NDArray[Any]
POSITIVE = "must be greater than zero"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ISRResult(IntervalResult):
    """Indirectly standardised ratios or rates (``ref_rate`` is NaN for ratios)."""

    observed: FloatArray
    expected: FloatArray
    ref_rate: FloatArray
    statistic: str
    method: npt.NDArray[np.object_]


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
    codes, n_groups = codes_from_labels(groups, len(x))
    x_ref = np.nan_to_num(spread_per_band(ref_count, "x_ref", codes, n_groups, where), nan=0.0)
    n_ref = spread_per_band(ref_population, "n_ref", codes, n_groups, where)
    same_length(numerator=x, denominator=n, x_ref=x_ref, n_ref=n_ref)
    refuse_missing(n_ref, field="n_ref", where=where)
    refuse_negative(where, numerator=x, denominator=n, x_ref=x_ref)
    refuse_where(n_ref <= 0, field="n_ref", problem=POSITIVE, values=n_ref, where=where)
    # A band with no population contributes nothing to E, as the reference sums with na.rm.
    expected_by_band = np.nan_to_num(x_ref / n_ref * n, nan=0.0)
    expected = np.bincount(codes, weights=expected_by_band, minlength=n_groups)
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
    method = poisson_method(observed)
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
        Observed events and populations (≥ 0) per row; a missing value contributes nothing.
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
    scale = np.full(len(observed), float(refvalue))
    no_rate = np.full(len(observed), np.nan)
    return _isr_result(observed, expected, scale, levels, statistic, no_rate)


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
    m = check_multiplier(multiplier)
    levels = confidence_levels(confidence)
    observed, expected, ref_rate = _isr_core(
        count, population, ref_count, ref_population, groups, observed_totals, where
    )
    statistic = f"indirectly standardised rate per {multiplier_text(m)}"
    return _isr_result(observed, expected, ref_rate * m, levels, statistic, ref_rate * m)


def _isr_by(
    df: Any,
    by: str | Sequence[str] | None,
    columns: tuple[str, str, Population, Population],
    observed_totals: Any,
    rate: bool,
    shape: tuple[str, str],
    **options: Any,
) -> Any:
    groups = group_rows(df, by)
    numerator, denominator, ref_numerator, ref_denominator = columns
    arrays = (
        numeric_column(df, numerator, field="numerator"),
        numeric_column(df, denominator, field="denominator"),
        column_or_vector(df, ref_numerator, field="x_ref"),
        column_or_vector(df, ref_denominator, field="n_ref"),
    )
    totals = None
    if observed_totals is not None:
        totals = lookup_per_group(groups, observed_totals, numerator, field="observed_totals")
    function = israte if rate else isratio
    result = function(
        *arrays, groups=groups.codes, observed_totals=totals, where=groups.describe_row, **options
    )
    first = ("observed", "expected", "ref_rate")
    exclude = () if rate else ("ref_rate",)
    output_type, names = shape
    return result_to_frame(
        groups, result, first=first, exclude=exclude, type=output_type, names=names
    )


def isratio_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    ref_numerator: str | Sequence[float],
    ref_denominator: str | Sequence[float],
    confidence: Confidence = 0.95,
    refvalue: float = 1,
    observed_totals: Any = None,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Indirectly standardised ratios per group of a DataFrame (see :func:`isratio`).

    ``ref_numerator``/``ref_denominator`` are column names or per-band vectors.
    ``observed_totals`` is an optional frame with the ``by`` columns and a ``numerator`` column
    of total observed events per group. Output: ``by`` columns, ``observed``, ``expected``,
    ``value``, limits, ``confidence``, ``statistic``, ``method``; ``type`` and ``names`` as
    :func:`~equityhub.stats.indicators.proportion_by`.
    """
    columns = (numerator, denominator, ref_numerator, ref_denominator)
    return _isr_by(
        df, by, columns, observed_totals, False, (type, names),
        confidence=confidence, refvalue=refvalue,
    )  # fmt: skip


def israte_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    ref_numerator: str | Sequence[float],
    ref_denominator: str | Sequence[float],
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    observed_totals: Any = None,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Indirectly standardised rates per group of a DataFrame (see :func:`israte`).

    Options as :func:`isratio_by`; the output adds ``ref_rate`` after ``expected``.
    """
    columns = (numerator, denominator, ref_numerator, ref_denominator)
    return _isr_by(
        df, by, columns, observed_totals, True, (type, names),
        confidence=confidence, multiplier=multiplier,
    )  # fmt: skip
