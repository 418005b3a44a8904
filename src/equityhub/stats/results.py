"""Result objects shared by every method: frozen dataclasses holding numpy arrays.

A result holds one estimate per group (``value``) and, for each confidence level, the lower and
upper limits (``lower[level]``, ``upper[level]``). Subclasses add their own fields (counts,
denominators, method labels...). Every field may be a numpy array, so one result describes any
number of groups at once.

Column names follow PHEindicatormethods: with one level the limits are ``lowercl``/``uppercl``;
with several they are ``lower95_0cl``, ``upper95_0cl``, ``lower99_8cl``, ``upper99_8cl``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
#: One figure, or one per group: results of a single area hold numpy scalars (floats).
Figure = float | FloatArray

__all__ = ["Figure", "IntervalResult", "level_suffix", "limit_column_names"]


def level_suffix(level: float) -> str:
    """Column suffix for a confidence level, as PHEindicatormethods writes it.

    >>> level_suffix(0.95), level_suffix(0.998)
    ('95_0', '99_8')
    """
    return f"{level * 100:.1f}".replace(".", "_")


def limit_column_names(levels: tuple[float, ...]) -> list[tuple[float, str, str]]:
    """``(level, lower_name, upper_name)`` for each level, in the reference's naming."""
    if len(levels) == 1:
        return [(levels[0], "lowercl", "uppercl")]
    return [(lv, f"lower{level_suffix(lv)}cl", f"upper{level_suffix(lv)}cl") for lv in levels]


def _frozen_array(values: Any) -> Any:
    """Return a read-only numpy view of array-like values; leave scalars and strings alone."""
    if isinstance(values, np.ndarray):
        view = values.view()
        view.flags.writeable = False
        return view
    return values


def _frozen_limits(limits: Mapping[float, Any]) -> Mapping[float, Any]:
    return MappingProxyType({float(level): _frozen_array(arr) for level, arr in limits.items()})


@dataclasses.dataclass(frozen=True, kw_only=True)
class IntervalResult:
    """Estimates with confidence limits at one or more levels.

    Parameters
    ----------
    value : ndarray
        The estimate for each group (NaN where it is not published).
    lower, upper : mapping of float to ndarray
        Lower and upper confidence limits keyed by confidence level as a fraction (0.95, 0.998).
    confidence : tuple of float
        The confidence levels, in the order they were asked for. Empty when no limits were asked.

    Notes
    -----
    Subclasses add fields with ``@dataclasses.dataclass(frozen=True, kw_only=True)``. Arrays are
    stored read-only, so a result cannot be changed after it is made.
    """

    value: FloatArray
    lower: Mapping[float, FloatArray] = dataclasses.field(default_factory=dict)
    upper: Mapping[float, FloatArray] = dataclasses.field(default_factory=dict)
    confidence: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            current = getattr(self, field.name)
            if field.name in ("lower", "upper"):
                object.__setattr__(self, field.name, _frozen_limits(current))
            else:
                object.__setattr__(self, field.name, _frozen_array(current))
        if set(self.lower) != set(self.upper):
            raise ValueError("lower and upper limits must be given for the same levels")
        if not self.confidence:
            object.__setattr__(self, "confidence", tuple(self.lower))

    def confidence_interval(self, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
        """Return ``(lower, upper)`` at a confidence level (fraction, or percentage 90–100)."""
        wanted = float(level) / 100 if float(level) > 1 else float(level)
        for known in self.lower:
            if np.isclose(known, wanted, rtol=0, atol=1e-12):
                return self.lower[known], self.upper[known]
        available = ", ".join(f"{lv:g}" for lv in self.lower) or "none"
        raise ValueError(f"level: no limits at {level!r} (available: {available})")

    def limit_columns(self) -> dict[str, FloatArray]:
        """The limits as named columns (``lowercl``/``uppercl`` or ``lower95_0cl``...)."""
        columns: dict[str, FloatArray] = {}
        for level, lower_name, upper_name in limit_column_names(self.confidence):
            columns[lower_name] = self.lower[level]
            columns[upper_name] = self.upper[level]
        return columns

    def to_dict(self) -> dict[str, Any]:
        """Every field as a flat ``{column: array}`` mapping, limits expanded into columns.

        Fields are emitted in declaration order with the limits right after ``value``;
        ``confidence`` is omitted (it is implicit in the limit column names).
        """
        out: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            if field.name in ("lower", "upper", "confidence"):
                continue
            out[field.name] = getattr(self, field.name)
            if field.name == "value":
                out.update(self.limit_columns())
        return out

    def to_frame(self, *, names: str = "equityhub") -> pd.DataFrame:
        """The result as a pandas table, one row per group.

        Limit columns are named as the grouped functions name them: ``lower_95``... or, with
        ``names="phe"``, PHEindicatormethods' ``lowercl``/``lower95_0cl``...
        """
        from equityhub.stats.shapes import check_shape, limit_names

        check_shape("full", names)
        renamed = {
            old: new
            for (_, *olds), (_, *news) in zip(
                limit_column_names(self.confidence),
                limit_names(self.confidence, names),
                strict=True,
            )
            for old, new in zip(olds, news, strict=True)
        }
        rows = len(self)
        columns = {
            renamed.get(name, name): np.broadcast_to(np.asarray(values), (rows,))
            for name, values in self.to_dict().items()
        }
        return pd.DataFrame(columns)

    def _repr_html_(self) -> str:
        """A table in Jupyter, with the class name above it."""
        table = self.to_frame().to_html(max_rows=60, border=0)
        return f"<p><strong>{type(self).__name__}</strong></p>{table}"

    def __len__(self) -> int:
        return int(np.size(self.value))
