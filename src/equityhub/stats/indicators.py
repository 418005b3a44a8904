"""Proportions, crude rates and means with confidence limits, as PHEindicatormethods computes them.

Each method has an array function (one element per group) and a grouped DataFrame function
(``*_by``) that sums the inputs by the ``by`` columns first, as the reference does for grouped
data; :func:`proportion_and_rate_by` groups and sums once for a proportion and a rate from the
same counts, in one frame (:func:`counts_by` keeps the sums for several outputs). Missing
numerators or denominators give missing values and limits, never an error. The means live in
:mod:`equityhub.stats.means` and are importable from here too.

References
----------
PHEindicatormethods 2.1.0: ``phe_proportion``, ``phe_rate``, ``phe_mean``.
Public Health England (2018). Technical guide: confidence intervals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import FloatArray
from equityhub.stats._count_measures import (
    Confidence,
    ProportionResult,
    RateResult,
    check_counts,
    multiplier_text,
    proportion,
    rate,
)
from equityhub.stats.frame import (
    DataFrameT,
    Groups,
    confidence_label,
    group_rows,
    group_rows_summing,
    numeric_column,
    result_to_frame,
)
from equityhub.stats.means import MeanResult, mean, mean_by
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import (
    LABELS,
    ColumnNames,
    OutputType,
    check_shape,
    limit_names,
    shape_columns,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "COUNT_MEASURES",
    "CountMeasure",
    "GroupedCounts",
    "MeanResult",
    "ProportionResult",
    "RateResult",
    "counts_by",
    "mean",
    "mean_by",
    "multiplier_text",
    "proportion",
    "proportion_and_rate_by",
    "proportion_by",
    "rate",
    "rate_by",
]

#: The measures one set of summed counts gives, in the order their columns come.
CountMeasure = Literal["proportion", "rate"]
COUNT_MEASURES: tuple[CountMeasure, ...] = ("proportion", "rate")
Column = npt.NDArray[np.generic] | str


@dataclasses.dataclass(frozen=True)
class GroupedCounts[FrameT: (pd.DataFrame, pl.DataFrame)]:
    """Numerators and denominators summed per group once, for any number of indicators.

    Made by :func:`counts_by`. :meth:`table` gives both measures in one frame (as
    :func:`proportion_and_rate_by`); :meth:`proportion` and :meth:`rate` give the same frames as
    :func:`proportion_by` and :func:`rate_by`; none groups and sums the rows again.

    Attributes
    ----------
    groups : Groups
        The rows split by the ``by`` columns (groups sorted by key).
    numerator, denominator : ndarray
        The sums per group.
    columns : tuple of str
        The names of the numerator and denominator columns, kept in the outputs.
    """

    groups: Groups
    numerator: FloatArray
    denominator: FloatArray
    columns: tuple[str, str]

    def proportion(
        self,
        *,
        confidence: Confidence = 0.95,
        multiplier: float = 1,
        type: OutputType = "full",
        names: ColumnNames = "equityhub",
    ) -> FrameT:
        """Proportions per group with Wilson limits (see :func:`proportion_by`)."""
        result = proportion(
            self.numerator,
            self.denominator,
            confidence=confidence,
            multiplier=multiplier,
            where=self.groups.describe,
        )
        return self._frame(result, type=type, names=names)

    def rate(
        self,
        *,
        confidence: Confidence = 0.95,
        multiplier: float = 100_000,
        type: OutputType = "full",
        names: ColumnNames = "equityhub",
    ) -> FrameT:
        """Crude rates per group with exact Poisson or Byars limits (see :func:`rate_by`)."""
        result = rate(
            self.numerator,
            self.denominator,
            confidence=confidence,
            multiplier=multiplier,
            where=self.groups.describe,
        )
        return self._frame(result, type=type, names=names)

    def table(
        self,
        *,
        measures: Sequence[CountMeasure] = COUNT_MEASURES,
        proportion_multiplier: float = 1,
        rate_multiplier: float = 100_000,
        confidence: Confidence = 0.95,
        type: OutputType = "full",
        names: ColumnNames = "equityhub",
    ) -> FrameT:
        """Proportions and rates per group side by side in one frame.

        See :func:`proportion_and_rate_by`, which sums the rows and calls this.
        """
        wanted = _chosen_measures(measures)
        where = self.groups.describe
        results: dict[CountMeasure, ProportionResult | RateResult] = {}
        if "proportion" in wanted:
            results["proportion"] = proportion(
                self.numerator,
                self.denominator,
                confidence=confidence,
                multiplier=proportion_multiplier,
                where=where,
            )
        if "rate" in wanted:
            results["rate"] = rate(
                self.numerator,
                self.denominator,
                confidence=confidence,
                multiplier=rate_multiplier,
                where=where,
            )
        counts = dict(zip(self.columns, (self.numerator, self.denominator), strict=True))
        wide = _side_by_side(results, type=type, names=names)
        frame: FrameT = self.groups.to_frame({**counts, **wide})
        return frame

    def _frame(self, result: IntervalResult, *, type: OutputType, names: ColumnNames) -> FrameT:
        rename = dict(zip(("numerator", "denominator"), self.columns, strict=True))
        first = ("numerator", "denominator")
        frame: FrameT = result_to_frame(
            self.groups, result, rename=rename, first=first, type=type, names=names
        )
        return frame


def counts_by(
    df: DataFrameT, *, by: str | Sequence[str] | None, numerator: str, denominator: str
) -> GroupedCounts[DataFrameT]:
    """Sum a numerator and a denominator per group of a pandas or polars DataFrame, once.

    The rows are checked (numerator not negative, denominator above zero, naming the row and
    its group), grouped by the ``by`` columns and summed in one vectorised pass; proportions
    and rates with limits then come from the sums without touching the rows again:

    >>> from equityhub.stats import datasets
    >>> counts = counts_by(datasets.smoking(), by="practice", numerator="smokers",
    ...                    denominator="adults")
    >>> percentages = counts.proportion(multiplier=100)
    >>> rates = counts.rate(multiplier=1_000)
    >>> round(float(percentages["value"][0]), 4), round(float(rates["value"][0]), 2)
    (18.553, 185.53)
    """
    x = numeric_column(df, numerator, field="numerator")
    n = numeric_column(df, denominator, field="denominator")
    # Checked before grouping, which relies on no denominator being zero; the groups are made
    # again for the message only when a row is refused.
    check_counts(x, n, lambda row: group_rows(df, by).describe_row(row))
    groups, n_sums = group_rows_summing(df, by, n)
    return GroupedCounts(groups, groups.sum(x), n_sums, (numerator, denominator))


def _chosen_measures(measures: Sequence[CountMeasure]) -> tuple[CountMeasure, ...]:
    """The measures asked for, in :data:`COUNT_MEASURES` order; refused when empty or unknown."""
    asked = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in asked if m not in COUNT_MEASURES]
    if unknown or not asked:
        found = repr(unknown[0]) if unknown else "nothing"
        raise ValueError(f"measures: give some of {', '.join(COUNT_MEASURES)} (got {found})")
    return tuple(m for m in COUNT_MEASURES if m in asked)


def _side_by_side(
    results: Mapping[CountMeasure, ProportionResult | RateResult],
    *,
    type: OutputType,
    names: ColumnNames,
) -> dict[str, Column]:
    """Each measure's columns under its own name (``rate``, ``rate_lower_95``...), figures first.

    The figures of every measure come first, then one ``confidence`` label (every measure has
    the same levels), then each measure's ``statistic`` and ``method``. ``type`` keeps what it
    keeps in a one-measure frame.
    """
    check_shape(type, names)
    figures: dict[str, Column] = {}
    labels: dict[str, Column] = {}
    for measure, result in results.items():
        own: dict[str, Column] = {"value": result.value}
        for level, lower, upper in limit_names(result.confidence, names):
            own[lower], own[upper] = result.lower[level], result.upper[level]
        if result.confidence:
            own["confidence"] = confidence_label(result.confidence)
        own.update(statistic=result.statistic, method=result.method)
        for name in shape_columns(list(own), type=type, levels=result.confidence, names=names):
            if name in LABELS:
                labels[name if name == "confidence" else f"{measure}_{name}"] = own[name]
            else:
                figures[measure if name == "value" else f"{measure}_{name}"] = own[name]
    return {**figures, **labels}


def proportion_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    confidence: Confidence = 0.95,
    multiplier: float = 1,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Proportions per group of a pandas or polars DataFrame (numerator and denominator summed).

    Returns a frame of the same kind: the ``by`` columns, the summed numerator and denominator
    (under their own names), ``value``, the limits, ``confidence``, ``statistic``, ``method``.
    For a proportion and a rate from the same counts, :func:`counts_by` sums the rows once.

    Parameters
    ----------
    type : {"full", "standard", "value", "lower", "upper"}, keyword-only
        Output shape, as the R functions give it (see :mod:`equityhub.stats.shapes`).
    names : {"equityhub", "phe"}, keyword-only
        Limit column names: ``lower_95``... (as the command line) or PHEindicatormethods'
        ``lowercl``/``lower95_0cl``...
    """
    counts = counts_by(df, by=by, numerator=numerator, denominator=denominator)
    return counts.proportion(confidence=confidence, multiplier=multiplier, type=type, names=names)


def rate_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    confidence: Confidence = 0.95,
    multiplier: float = 100_000,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Crude rates per group of a pandas or polars DataFrame (see :func:`rate`).

    Output as :func:`proportion_by`; :func:`counts_by` sums the rows once for both.
    """
    counts = counts_by(df, by=by, numerator=numerator, denominator=denominator)
    return counts.rate(confidence=confidence, multiplier=multiplier, type=type, names=names)


def proportion_and_rate_by(
    df: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    numerator: str,
    denominator: str,
    measures: Sequence[CountMeasure] = COUNT_MEASURES,
    proportion_multiplier: float = 1,
    rate_multiplier: float = 100_000,
    confidence: Confidence = 0.95,
    type: OutputType = "full",
    names: ColumnNames = "equityhub",
) -> DataFrameT:
    """Proportions and crude rates per group from one grouping, side by side in one frame.

    The rows are checked, grouped and summed once (:func:`counts_by`); each measure then comes
    from the sums, with the numbers :func:`proportion_by` and :func:`rate_by` give. One row per
    group: the ``by`` columns, the summed counts, then each measure's value and limits under its
    name (``proportion``, ``proportion_lower_95``..., ``rate``, ``rate_lower_95``...), then the
    labels: one ``confidence`` and each measure's ``statistic`` and ``method`` (labels that are
    the same on every row come last, as in every grouped output):

    >>> from equityhub.stats import datasets
    >>> both = proportion_and_rate_by(datasets.smoking(), by="practice", numerator="smokers",
    ...                               denominator="adults", proportion_multiplier=100,
    ...                               rate_multiplier=1_000)
    >>> list(both.columns)  # doctest: +NORMALIZE_WHITESPACE
    ['practice', 'smokers', 'adults', 'proportion', 'proportion_lower_95',
     'proportion_upper_95', 'rate', 'rate_lower_95', 'rate_upper_95', 'rate_method',
     'confidence', 'proportion_statistic', 'proportion_method', 'rate_statistic']
    >>> round(float(both["proportion"][0]), 3), str(both["rate_method"][0])
    (18.553, 'Byars')

    Parameters
    ----------
    measures : sequence of {"proportion", "rate"}, keyword-only
        Which measures, in any order (their columns come in the order above).
    proportion_multiplier, rate_multiplier : float, keyword-only
        ``m`` of each measure: 100 for a percentage, 100000 for a rate per 100,000.
    confidence, type, names : keyword-only
        As :func:`proportion_by`; ``type`` shapes every measure alike.

    Raises
    ------
    ValueError
        As :func:`proportion_by` and :func:`rate_by` (a proportion refuses a group whose
        numerator is above its denominator); an empty or unknown ``measures``.
    """
    counts = counts_by(df, by=by, numerator=numerator, denominator=denominator)
    return counts.table(measures=measures, proportion_multiplier=proportion_multiplier,
                        rate_multiplier=rate_multiplier, confidence=confidence, type=type,
                        names=names)  # fmt: skip
