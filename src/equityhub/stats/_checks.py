"""Input checks shared by every method: one wording for every error, naming the field."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from scipy import stats as _sps

FloatArray = npt.NDArray[np.float64]


def confidence_levels(confidence: float | Sequence[float]) -> tuple[float, ...]:
    """Normalise one or several confidence levels to fractions in (0.9, 1].

    Levels may be given as fractions (0.95) or percentages (95); percentages are divided by 100.
    """
    raw = [confidence] if np.isscalar(confidence) else list(confidence)
    if not raw:
        raise ValueError("confidence: give at least one level, such as 0.95")
    levels = []
    for level in raw:
        if isinstance(level, bool) or not isinstance(level, (int, float, np.floating, np.integer)):
            raise TypeError(f"confidence: {level!r} is not a number")
        value = float(level) / 100 if float(level) >= 90 else float(level)
        if not 0.9 <= value <= 1:
            raise ValueError(f"confidence: {level!r} is outside 0.9–1 (or 90–100 as a percentage)")
        levels.append(value)
    return tuple(levels)


@functools.lru_cache(maxsize=64)
def z_value(level: float) -> float:
    """Two-sided standard normal quantile for a confidence level (remembered per level)."""
    return float(_sps.norm.ppf(level + (1 - level) / 2))


def pct_label(level: float) -> str:
    """Column label for a level: 0.95 -> '95', 0.998 -> '99.8'."""
    text = f"{level * 100:.10g}"
    return text


def as_float_array(values: npt.ArrayLike, name: str) -> FloatArray:
    """Convert to a 1-D float array, naming the field when that is impossible."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name}: values must be numbers ({error})") from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a one-dimensional array, got {array.ndim} dimensions")
    return array


def same_length(**arrays: FloatArray) -> int:
    """Check that every array has the same length and return it."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name}={length}" for name, length in lengths.items())
        raise ValueError(f"arrays must have the same length ({detail})")
    return next(iter(lengths.values()), 0)


def first_bad(mask: npt.NDArray[np.bool_]) -> int | None:
    """Index of the first True in mask, or None."""
    flags = np.asarray(mask, dtype=bool).reshape(-1)
    if flags.size == 0:
        return None
    index = int(np.argmax(flags))  # stops at the first True: no index array is built
    return index if flags[index] else None


def check_non_negative(array: FloatArray, name: str) -> None:
    """Refuse negative values, naming the first offending position."""
    bad = first_bad(array < 0)
    if bad is not None:
        raise ValueError(f"{name}: negative value {array[bad]:g} at position {bad}")


def check_numerator_within(numerator: FloatArray, denominator: FloatArray) -> None:
    """Refuse numerators above their denominators (proportions)."""
    bad = first_bad(numerator > denominator)
    if bad is not None:
        raise ValueError(
            f"numerator: {numerator[bad]:g} is above the denominator {denominator[bad]:g} "
            f"at position {bad}"
        )


Locator = Callable[[int], str]


def at_position(index: int) -> str:
    """Default wording of where a bad value sits in a plain array."""
    return f"position {index}"


def refuse_where(
    mask: npt.NDArray[np.bool_],
    *,
    field: str,
    problem: str,
    values: FloatArray,
    where: Locator = at_position,
) -> None:
    """Raise ValueError naming the field, the first offending value and where it is.

    ``where`` turns a row position into words, e.g. ``"row 5 (group area='E01')"``.
    """
    bad = first_bad(mask)
    if bad is not None:
        raise ValueError(f"{field}: {problem} (found {values[bad]:g} at {where(bad)})")


def check_multiplier(multiplier: float) -> float:
    """A multiplier must be a finite number above zero; return it as a float."""
    if isinstance(multiplier, bool) or not isinstance(multiplier, (int, float, np.number)):
        raise TypeError(f"multiplier: {multiplier!r} is not a number")
    if not np.isfinite(multiplier) or multiplier <= 0:
        raise ValueError(f"multiplier: must be greater than 0, got {multiplier!r}")
    return float(multiplier)


def refuse_missing(values: FloatArray, *, field: str, where: Locator = at_position) -> None:
    """Refuse NaN in a field that must be complete, naming where the first gap is."""
    refuse_where(
        np.isnan(values), field=field, problem="must not be missing", values=values, where=where
    )


def refuse_negative(where: Locator = at_position, **fields: FloatArray) -> None:
    """Refuse negative values in each named field, naming the field and where."""
    for field, values in fields.items():
        refuse_where(
            values < 0,
            field=field,
            problem="must be greater than or equal to zero",
            values=values,
            where=where,
        )
