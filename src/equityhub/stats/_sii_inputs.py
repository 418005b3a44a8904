"""Input checks for the SII: the reference's error cases, worded to name the field and row."""

from __future__ import annotations

import dataclasses
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import (
    Locator,
    as_float_array,
    at_position,
    confidence_levels,
    refuse_where,
    z_value,
)
from equityhub.stats._sii_engine import link

FloatArray = npt.NDArray[np.float64]
MIN_QUANTILES, MAX_QUANTILES, WARN_QUANTILES = 5, 100, 10


@dataclasses.dataclass(frozen=True)
class AreaTable:
    """Complete areas as (areas, k) arrays sorted by quantile, plus a note per input group."""

    value: FloatArray
    se_g: FloatArray
    population: FloatArray
    complete: npt.NDArray[np.bool_]
    notes: npt.NDArray[np.object_]


def check_multiplier(multiplier: Any) -> float:
    if isinstance(multiplier, bool) or not isinstance(multiplier, numbers.Real):
        raise TypeError(f"multiplier: {multiplier!r} is not a number")
    if not np.isfinite(float(multiplier)):
        raise ValueError(f"multiplier: {multiplier!r} is not finite")
    return float(multiplier)


def check_levels(confidence: float | Sequence[float] | None) -> tuple[float, ...]:
    return () if confidence is None else confidence_levels(confidence)


def check_repetitions(repetitions: Any, method: str) -> int:
    if method not in ("monte_carlo", "analytic"):
        raise ValueError(f"ci_method: {method!r} is not 'monte_carlo' or 'analytic'")
    if isinstance(repetitions, bool) or not isinstance(repetitions, numbers.Integral):
        raise TypeError(f"repetitions: {repetitions!r} is not a whole number")
    if method == "monte_carlo" and repetitions < 1000:
        raise ValueError(f"repetitions: {repetitions} is below 1000 (the default is 100,000)")
    return int(repetitions)


def _check_options(
    *,
    value_type: object,
    transform: bool,
    has_value: bool,
    has_x: bool,
    has_se: bool,
    has_cls: bool,
) -> None:
    if isinstance(value_type, bool) or value_type not in (0, 1, 2):
        raise ValueError(f"value_type: {value_type!r} should be 0, 1 or 2")
    if not has_value and not (has_x and value_type == 2):
        raise ValueError("value: give value, or x (a count) when value_type is 2 (a proportion)")
    if not has_se and not has_cls:
        raise ValueError("se: give se, or both lower_cl and upper_cl")
    if transform and value_type == 0:
        raise ValueError("transform: value_type should be 1 or 2 when transform is true")
    if transform and has_se:
        raise ValueError("se: leave se out when transform is true (give lower_cl and upper_cl)")


def _check_scale(array: FloatArray, field: str, value_type: int, where: Locator) -> None:
    """Values that g (log or logit) cannot take."""
    if value_type == 1:
        refuse_where(
            array <= 0,
            field=field,
            problem="must be above 0 for a rate (log scale)",
            values=array,
            where=where,
        )
    if value_type == 2:
        outside = (array <= 0) | (array >= 1)
        refuse_where(
            outside,
            field=field,
            problem="proportions must be between 0 and 1 (exclusive, logit scale)",
            values=array,
            where=where,
        )


def checked_values(
    *,
    population: FloatArray,
    value: FloatArray | None,
    x: FloatArray | None,
    se: FloatArray | None,
    lower_cl: FloatArray | None,
    upper_cl: FloatArray | None,
    value_type: int,
    cl_confidence: float,
    transform: bool,
    where: Locator,
) -> tuple[FloatArray, FloatArray]:
    """Validate every row and return ``(value, se on the g scale)``."""
    has_cls = lower_cl is not None and upper_cl is not None
    _check_options(
        value_type=value_type,
        transform=transform,
        has_value=value is not None,
        has_x=x is not None,
        has_se=se is not None,
        has_cls=has_cls,
    )
    bad_pop = ~(population > 0)
    refuse_where(
        bad_pop,
        field="population",
        problem="zero, negative or missing population",
        values=population,
        where=where,
    )
    if value is None:
        count = np.asarray(x, dtype=np.float64)
        refuse_where(
            ~(count > 0),
            field="x",
            problem="zero, negative or missing count",
            values=count,
            where=where,
        )
        value = count / population
    refuse_where(np.isnan(value), field="value", problem="missing value", values=value, where=where)
    _check_scale(value, "value", value_type, where)
    if se is not None:
        refuse_where(
            ~(se >= 0),
            field="se",
            problem="negative or missing standard error",
            values=se,
            where=where,
        )
        return value, se
    if lower_cl is None or upper_cl is None:
        raise ValueError("se: give se, or both lower_cl and upper_cl")
    for name, limit in (("lower_cl", lower_cl), ("upper_cl", upper_cl)):
        refuse_where(
            np.isnan(limit),
            field=name,
            problem="missing confidence limit",
            values=limit,
            where=where,
        )
        _check_scale(limit, name, value_type, where)
    refuse_where(
        lower_cl > upper_cl,
        field="lower_cl",
        problem="above upper_cl",
        values=lower_cl,
        where=where,
    )
    z = z_value(confidence_levels(cl_confidence)[0])
    se_g = (link(upper_cl, value_type) - link(lower_cl, value_type)) / (2 * z)
    return value, se_g


def _quantile_codes(quantile: FloatArray, where: Locator) -> tuple[FloatArray, npt.NDArray[Any]]:
    refuse_where(
        np.isnan(quantile),
        field="quantile",
        problem="missing quantile",
        values=quantile,
        where=where,
    )
    levels = np.unique(quantile)
    if not MIN_QUANTILES <= len(levels) <= MAX_QUANTILES:
        raise ValueError(
            f"quantile: the number of quantiles must be between {MIN_QUANTILES} and "
            f"{MAX_QUANTILES} (found {len(levels)})"
        )
    if len(levels) > WARN_QUANTILES:
        warnings.warn(
            f"quantile: {len(levels)} quantiles; small values can make the SII unstable "
            "with many quantiles",
            stacklevel=4,
        )
    return levels, np.searchsorted(levels, quantile)


def one_area(
    *,
    quantile: npt.ArrayLike,
    population: npt.ArrayLike,
    value: npt.ArrayLike | None,
    x: npt.ArrayLike | None,
    se: npt.ArrayLike | None,
    lower_cl: npt.ArrayLike | None,
    upper_cl: npt.ArrayLike | None,
    value_type: int,
    cl_confidence: float,
    transform: bool,
) -> AreaTable:
    """Check one area's rows and return them sorted by quantile as a (1, k) table."""
    arrays = {
        name: None if raw is None else as_float_array(raw, name)
        for name, raw in (
            ("quantile", quantile),
            ("population", population),
            ("value", value),
            ("x", x),
            ("se", se),
            ("lower_cl", lower_cl),
            ("upper_cl", upper_cl),
        )
    }
    present = {name: array for name, array in arrays.items() if array is not None}
    lengths = {name: len(array) for name, array in present.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"arrays must have the same length ({lengths})")
    q = present["quantile"]
    levels, _ = _quantile_codes(q, at_position)
    if len(levels) != len(q):
        raise ValueError("quantile: each quantile must appear once in an area")
    val, se_g = checked_values(
        population=present["population"],
        value=arrays["value"],
        x=arrays["x"],
        se=arrays["se"],
        lower_cl=arrays["lower_cl"],
        upper_cl=arrays["upper_cl"],
        value_type=value_type,
        cl_confidence=cl_confidence,
        transform=transform,
        where=at_position,
    )
    order = np.argsort(q, kind="stable")
    return AreaTable(
        value=val[order][None, :],
        se_g=se_g[order][None, :],
        population=present["population"][order][None, :],
        complete=np.ones(1, dtype=bool),
        notes=np.array([""], dtype=object),
    )


def many_areas(
    *,
    groups: Any,
    quantile: FloatArray,
    population: FloatArray,
    value: FloatArray | None,
    x: FloatArray | None,
    se: FloatArray | None,
    lower_cl: FloatArray | None,
    upper_cl: FloatArray | None,
    value_type: int,
    cl_confidence: float,
    transform: bool,
) -> AreaTable:
    """Check every row, then lay complete groups out as (groups, k) arrays."""
    where = groups.describe_row
    val, se_g = checked_values(
        population=population,
        value=value,
        x=x,
        se=se,
        lower_cl=lower_cl,
        upper_cl=upper_cl,
        value_type=value_type,
        cl_confidence=cl_confidence,
        transform=transform,
        where=where,
    )
    levels, q_code = _quantile_codes(quantile, where)
    k, n_groups = len(levels), groups.n_groups
    cell = groups.codes * k + q_code
    counts = np.bincount(cell, minlength=n_groups * k).reshape(n_groups, k)
    refuse_where(
        counts[groups.codes, q_code] > 1,
        field="quantile",
        problem="quantile appears more than once in its group",
        values=quantile,
        where=where,
    )
    complete = (counts == 1).all(axis=1)
    notes = np.array(
        [
            "" if ok else _missing_note(levels[c == 0])
            for ok, c in zip(complete, counts, strict=True)
        ],
        dtype=object,
    )

    def table(values: FloatArray) -> FloatArray:
        full = np.full(n_groups * k, np.nan)
        full[cell] = values
        return full.reshape(n_groups, k)[complete]

    return AreaTable(table(val), table(se_g), table(population), complete, notes)


def _missing_note(missing: FloatArray) -> str:
    shown = ", ".join(f"{q:g}" for q in missing[:10])
    return f"no SII: quantile(s) {shown} missing"
