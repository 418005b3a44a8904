"""Slope index of inequality (SII) and relative index of inequality (RII) from quantiles.

Reproduces ``phe_sii`` of PHEindicatormethods 2.1.0. For an area split into k quantiles (5–100,
e.g. deprivation deciles) with populations ``p_j`` and values ``y_j`` (sorted by quantile):

.. math::

    a_j = p_j / \\sum p, \\qquad b_j = \\sum_{i<j} a_i + a_j / 2

and ``y`` is regressed on ``b`` by weighted least squares with weights ``a`` (intercept ``β0``,
slope ``β1``). Then ``SII = β1·m`` and ``RII = (β0 + β1)/β0`` (inverted when ``m < 0``).

``value_type`` 0, 1, 2 means the values are on an identity, log (rates) or logit (proportions)
scale g. With ``transform=True`` the regression is fitted to g(y) and
``SII = (g⁻¹(β0+β1) − g⁻¹(β0))·m``, ``RII = g⁻¹(β0+β1)/g⁻¹(β0)``, intercept ``g⁻¹(β0)·|m|``.

Confidence limits are Monte Carlo as in the reference: each value is drawn from
``N(g(y_j), se_j)`` (``se`` is on the g scale; without ``se`` it is
``(g(ucl) − g(lcl)) / (2·Φ⁻¹(1 − (1 − cl_confidence)/2))``), back-transformed unless
``transform``, the regression refitted, and the draws' order statistics
``round(R(1∓c)/2)`` taken. ``ci_method="analytic"`` gives normal-theory limits instead
(delta method for back-transformed values and for log RII). The engine is vectorised across
areas (see :mod:`equityhub.stats._sii_engine`); :func:`sii_reference_loop` in
:mod:`equityhub.stats._sii_reference` is the slow per-area loop kept as a baseline.

References
----------
Low A, Low A (2004). Measuring the gap: quantifying and comparing local health inequalities.
    J Public Health 26:388-395.
Public Health England. PHEindicatormethods 2.1.0, ``phe_sii``.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from equityhub.stats import _sii_engine as engine
from equityhub.stats import _sii_inputs as inputs
from equityhub.stats._checks import pct_label
from equityhub.stats._sii_reference import sii_reference_loop
from equityhub.stats.frame import DataFrameT, group_rows, numeric_column
from equityhub.stats.results import Figure, IntervalResult, level_suffix
from equityhub.stats.shapes import ColumnNames, ValueType, check_shape

FloatArray = npt.NDArray[np.float64]
CIMethod = Literal["monte_carlo", "analytic"]

#: Seed of the Monte-Carlo limits unless one is given (results are reproducible by default).
DEFAULT_SEED = 123456

__all__ = ["DEFAULT_SEED", "SIIResult", "sii", "sii_grouped", "sii_reference_loop"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class SIIResult(IntervalResult):
    """SII (``value``, ``lower``, ``upper``) with the RII and the regression intercept.

    Attributes
    ----------
    rii : float or ndarray
        Relative index of inequality (NaN when not requested).
    rii_lower, rii_upper : mapping of float to limits
        RII limits per confidence level.
    intercept : float or ndarray
        The fitted intercept (``g⁻¹(β0)·|m|`` with ``transform``).
    se : float or ndarray
        Normal-theory (delta-method) standard error of the SII, for trend tests
        (:func:`equityhub.stats.trend.inequality_trend`); the limits do not use it.
    method : str
        ``"monte_carlo"`` or ``"analytic"``.
    repetitions : int
        Monte-Carlo repetitions (0 for analytic limits).
    """

    rii: Figure = np.nan
    rii_lower: Mapping[float, Figure] = dataclasses.field(default_factory=dict)
    rii_upper: Mapping[float, Figure] = dataclasses.field(default_factory=dict)
    intercept: Figure = np.nan
    se: Figure = np.nan
    method: str = "monte_carlo"
    repetitions: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        for name in ("rii_lower", "rii_upper"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @property
    def sii(self) -> Figure:
        """The slope index of inequality (same as ``value``)."""
        return self.value

    def rii_interval(self, level: float = 0.95) -> tuple[Figure, Figure]:
        """``(lower, upper)`` of the RII at a confidence level (fraction, or percentage 90–100)."""
        wanted = float(level) / 100 if float(level) > 1 else float(level)
        for known in self.rii_lower:
            if np.isclose(known, wanted, rtol=0, atol=1e-12):
                return self.rii_lower[known], self.rii_upper[known]
        available = ", ".join(f"{lv:g}" for lv in self.rii_lower) or "none (pass rii=True)"
        raise ValueError(f"level: no RII limits at {level!r} (available: {available})")

    def to_dict(self) -> dict[str, Figure]:
        """Columns as ``phe_sii`` names them: ``sii``, ``sii_lower95_0cl``, ``rii``, ..."""
        return (
            _columns(self.value, self.lower, self.upper, "sii")
            | _columns(self.rii, self.rii_lower, self.rii_upper, "rii")
            | {"intercept": self.intercept, "sii_se": self.se}
        )


def _columns(
    value: Figure, lower: Mapping[float, Figure], upper: Mapping[float, Figure], name: str
) -> dict[str, Figure]:
    out = {name: value}
    for level in lower:
        suffix = level_suffix(level)
        out[f"{name}_lower{suffix}cl"] = lower[level]
        out[f"{name}_upper{suffix}cl"] = upper[level]
    return out


def _options(
    *,
    value_type: int,
    transform: bool,
    multiplier: float,
    confidence: float | Sequence[float] | None,
    repetitions: int,
    rii: bool,
    ci_method: str,
    seed: int | None,
    workers: int | None,
) -> engine.Options:
    return engine.Options(
        value_type=value_type,
        transform=transform,
        multiplier=inputs.check_multiplier(multiplier),
        levels=inputs.check_levels(confidence),
        repetitions=inputs.check_repetitions(repetitions, ci_method),
        want_rii=bool(rii),
        method=ci_method,
        seed=seed,
        workers=workers,
    )


def sii(
    quantile: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    value: npt.ArrayLike | None = None,
    x: npt.ArrayLike | None = None,
    value_type: ValueType | int = ValueType.IDENTITY,
    se: npt.ArrayLike | None = None,
    lower_cl: npt.ArrayLike | None = None,
    upper_cl: npt.ArrayLike | None = None,
    cl_confidence: float = 0.95,
    transform: bool = False,
    multiplier: float = 1.0,
    confidence: float | Sequence[float] | None = 0.95,
    repetitions: int = 100_000,
    rii: bool = False,
    ci_method: CIMethod = "monte_carlo",
    seed: int | None = DEFAULT_SEED,
) -> SIIResult:
    """SII and RII for one area from its quantiles (as ``phe_sii`` on one group).

    Parameters
    ----------
    quantile : array_like
        Quantile of each row (any numbers; rows are sorted by it). 5–100 distinct values.
    population : array_like
        Population of each quantile (> 0).
    value, x : array_like, optional
        The indicator value per quantile; for proportions (``value_type=2``) a count ``x`` may
        be given instead and ``value = x / population``.
    value_type : ValueType or {0, 1, 2}
        ``ValueType.IDENTITY`` (0, e.g. life expectancy), ``RATE`` (1, log scale) or
        ``PROPORTION`` (2, logit scale): the reference's codes.
    se : array_like, optional
        Standard error of ``g(value)`` (on the log/logit scale for types 1/2).
    lower_cl, upper_cl : array_like, optional
        Confidence limits of each value at ``cl_confidence`` (used when ``se`` is absent).
    transform : bool
        Fit the regression on the g scale (types 1 and 2 only; needs limits, not ``se``).
    multiplier : float
        Scales the SII; a negative multiplier also inverts the RII.
    confidence : float or sequence of float or None
        Levels for the limits (0.9–1 or 90–100); None for no limits.
    repetitions : int
        Monte-Carlo repetitions (≥ 1000).
    rii : bool
        Also compute the RII and its limits.
    ci_method : {"monte_carlo", "analytic"}
    seed : int or None
        Seed of the simulation.

    Returns
    -------
    SIIResult
        Scalars: ``value`` (SII), ``lower``/``upper`` per level, ``rii``, ``intercept``.
    """
    checked = inputs.one_area(
        quantile=quantile,
        population=population,
        value=value,
        x=x,
        value_type=value_type,
        se=se,
        lower_cl=lower_cl,
        upper_cl=upper_cl,
        cl_confidence=cl_confidence,
        transform=transform,
    )
    opts = _options(
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=confidence,
        repetitions=repetitions,
        rii=rii,
        ci_method=ci_method,
        seed=seed,
        workers=1,
    )
    out = engine.compute(checked.value, checked.se_g, checked.population, opts)
    return _result(out, opts, row=0)


def _result(out: engine.Output, opts: engine.Options, *, row: int | slice) -> SIIResult:
    # Any: the base class types limits as arrays, and one area's are numpy scalars.
    def per_level(array: FloatArray) -> dict[float, Any]:
        return {level: array[row, col] for col, level in enumerate(opts.levels)}

    return SIIResult(
        value=out.sii[row],
        lower=per_level(out.sii_lower),
        upper=per_level(out.sii_upper),
        confidence=opts.levels,
        rii=out.rii[row],
        rii_lower=per_level(out.rii_lower) if opts.want_rii else {},
        rii_upper=per_level(out.rii_upper) if opts.want_rii else {},
        intercept=out.intercept[row],
        se=out.sii_se[row],
        method=opts.method,
        repetitions=opts.repetitions if opts.method == "monte_carlo" else 0,
    )


def sii_grouped(
    data: DataFrameT,
    *,
    by: str | Sequence[str] | None,
    quantile: str,
    population: str,
    value: str | None = None,
    x: str | None = None,
    value_type: ValueType | int = ValueType.IDENTITY,
    se: str | None = None,
    lower_cl: str | None = None,
    upper_cl: str | None = None,
    cl_confidence: float = 0.95,
    transform: bool = False,
    multiplier: float = 1.0,
    confidence: float | Sequence[float] | None = 0.95,
    repetitions: int = 100_000,
    rii: bool = False,
    intercept: bool = False,
    ci_method: CIMethod = "monte_carlo",
    seed: int | None = DEFAULT_SEED,
    workers: int | None = None,
    names: ColumnNames = "phe",
) -> DataFrameT:
    """SII (and RII) for every group of a pandas or polars DataFrame, vectorised across groups.

    The options are those of :func:`sii`, given as column names. Every group must have every
    quantile present in the data exactly once; a group missing some gets NaN results and a
    ``note`` (with a warning), as the reference drops it. Bad values raise ``ValueError`` naming
    the row, its group and the field. ``workers`` threads share the simulation (default: cores).

    Returns
    -------
    DataFrame
        One row per group: the ``by`` columns, ``sii``, ``sii_lower95_0cl``,
        ``sii_upper95_0cl`` (one pair per level), then ``rii`` and its limits when ``rii``,
        ``intercept`` when ``intercept``, ``sii_se`` (delta-method SE, for trends) and ``note``.
        With ``names="equityhub"`` the limits are named as on the command line:
        ``sii_lower_95``, ``sii_upper_99.8``, ``rii_lower_95``... (``phe_sii``'s names stay the
        default while callers move to :func:`equityhub.stats.estimates.sii_estimates`).
    """
    check_shape("full", names)
    groups = group_rows(data, by)
    columns = {
        name: (None if column is None else numeric_column(data, column, field=name))
        for name, column in (
            ("value", value),
            ("x", x),
            ("se", se),
            ("lower_cl", lower_cl),
            ("upper_cl", upper_cl),
        )
    }
    table = inputs.many_areas(
        groups=groups,
        quantile=numeric_column(data, quantile, field="quantile"),
        population=numeric_column(data, population, field="population"),
        value_type=value_type,
        cl_confidence=cl_confidence,
        transform=transform,
        **columns,
    )
    opts = _options(
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        confidence=confidence,
        repetitions=repetitions,
        rii=rii,
        ci_method=ci_method,
        seed=seed,
        workers=workers,
    )
    if table.notes.any():
        incomplete = [groups.describe(int(g)) for g in np.flatnonzero(table.notes != "")]
        warnings.warn(
            f"sii: {len(incomplete)} group(s) lack some quantiles and get no SII: "
            + "; ".join(incomplete[:5]),
            stacklevel=2,
        )
    out = engine.compute(table.value, table.se_g, table.population, opts)
    output = _frame_columns(out, opts, table, want_intercept=intercept)
    if names == "phe":
        return groups.to_frame(output)
    return groups.to_frame({_our_limit_name(name): values for name, values in output.items()})


def _our_limit_name(name: str) -> str:
    """``sii_lower95_0cl`` -> ``sii_lower_95``; other names unchanged."""
    for measure in ("sii", "rii"):
        for side in ("lower", "upper"):
            prefix = f"{measure}_{side}"
            if name.startswith(prefix) and name.endswith("cl"):
                level = float(name[len(prefix) : -2].replace("_", ".")) / 100
                return f"{prefix}_{pct_label(level)}"
    return name


def _frame_columns(
    out: engine.Output, opts: engine.Options, table: inputs.AreaTable, *, want_intercept: bool
) -> dict[str, FloatArray]:
    def spread(values: FloatArray) -> FloatArray:
        full = np.full(len(table.complete), np.nan)
        full[table.complete] = values
        return full

    columns: dict[str, Any] = {}
    result = _result(out, opts, row=slice(None))
    for name, array in result.to_dict().items():
        if name.startswith("rii") and not opts.want_rii:
            continue
        if name == "intercept" and not want_intercept:
            continue
        columns[name] = spread(np.asarray(array, dtype=np.float64))
    columns["note"] = table.notes
    return columns
