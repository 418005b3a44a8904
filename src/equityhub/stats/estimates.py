"""One typed shape for a single figure with its limits, shared by the engine and its callers.

:class:`Estimate` is what a caller stores or shows for one measure of one group: the value, its
standard error, the limits at each confidence level, the method and a note. Grouped functions
that return DataFrames keyed by column names have a typed twin here, so code that reads results
(the web platform, a report) never spells column names:

>>> from equityhub.stats import datasets
>>> deciles = datasets.life_expectancy_deciles().assign(area="A")
>>> [found] = sii_estimates(deciles, by="area", quantile="decile", population="population",
...                         value="value", lower_cl="lower", upper_cl="upper", rii=True)
>>> found.keys["area"], round(found.sii.value, 3), found.rii is not None
('A', 6.939, True)
>>> [round(limit, 2) for limit in found.sii.confidence_interval(0.95)]
[3.09, 10.78]
"""

from __future__ import annotations

import dataclasses
import functools
import math
import numbers
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TypedDict

import narwhals.stable.v2 as nw

from equityhub.stats._checks import confidence_levels
from equityhub.stats.frame import DataFrameT
from equityhub.stats.results import level_suffix
from equityhub.stats.shapes import ValueType
from equityhub.stats.sii import DEFAULT_SEED, CIMethod, sii_grouped

__all__ = ["Estimate", "GroupEstimates", "sii_estimates"]

NAN = float("nan")


class _Limits(TypedDict):
    lower: dict[float, float]
    upper: dict[float, float]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Estimate:
    """One measure of one group: value, standard error, limits per level, method and note.

    Attributes
    ----------
    measure : str
        What the figure is (``"sii"``, ``"rii"``, ``"d"``...).
    value : float
        The estimate (NaN when not computed; ``note`` says why).
    se : float
        Its standard error (NaN when the method has none).
    lower, upper : mapping of float to float
        Limits keyed by confidence level as a fraction (0.95, 0.998).
    method : str
        How the limits were made.
    note : str
        Why the value is missing, or a caveat; empty otherwise.
    """

    measure: str
    value: float
    se: float = NAN
    lower: Mapping[float, float] = dataclasses.field(default_factory=dict)
    upper: Mapping[float, float] = dataclasses.field(default_factory=dict)
    method: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        for name in ("lower", "upper"):
            limits = {float(level): float(v) for level, v in getattr(self, name).items()}
            object.__setattr__(self, name, MappingProxyType(limits))
        if set(self.lower) != set(self.upper):
            raise ValueError("lower and upper limits must be given for the same levels")

    @property
    def available(self) -> bool:
        """Whether there is a value (it may be infinite, as a ratio against 0 is)."""
        return not math.isnan(self.value)

    def confidence_interval(self, level: float = 0.95) -> tuple[float, float]:
        """``(lower, upper)`` at a level (fraction, or percentage 90–100)."""
        wanted = float(level) / 100 if float(level) > 1 else float(level)
        for known in self.lower:
            if math.isclose(known, wanted, rel_tol=0, abs_tol=1e-12):
                return self.lower[known], self.upper[known]
        available = ", ".join(f"{lv:g}" for lv in self.lower) or "none"
        raise ValueError(f"level: no limits at {level!r} (available: {available})")


@dataclasses.dataclass(frozen=True, kw_only=True)
class GroupEstimates:
    """The SII (and RII, when asked) of one group, with the group's key values."""

    keys: Mapping[str, object]
    sii: Estimate
    rii: Estimate | None = None
    intercept: float = NAN


def _number(row: Mapping[str, object], column: str) -> float:
    """A number of a result row; NaN where it is missing (polars gives null, pandas NaN)."""
    found = row.get(column)
    return float(found) if isinstance(found, numbers.Real) else NAN


def _limits(row: Mapping[str, object], name: str, levels: Sequence[float]) -> _Limits:
    lower = {lv: _number(row, f"{name}_lower{level_suffix(lv)}cl") for lv in levels}
    upper = {lv: _number(row, f"{name}_upper{level_suffix(lv)}cl") for lv in levels}
    return {"lower": lower, "upper": upper}


def sii_estimates(
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
    confidence: float | Sequence[float] = 0.95,
    repetitions: int = 100_000,
    rii: bool = False,
    ci_method: CIMethod = "monte_carlo",
    seed: int | None = DEFAULT_SEED,
    workers: int | None = None,
) -> list[GroupEstimates]:
    """:func:`~equityhub.stats.sii.sii_grouped`, one typed :class:`GroupEstimates` per group.

    Takes the options of ``sii_grouped``, and gives the groups in the same (key) order, each
    with its key values, the SII (value, delta-method SE, limits at every level), the RII when
    ``rii`` and the regression intercept. A group without an SII (a quantile missing) has NaN
    values and the reason in each estimate's ``note``.
    """
    levels = confidence_levels(confidence)
    frame = sii_grouped(
        data,
        by=by,
        quantile=quantile,
        population=population,
        value=value,
        x=x,
        value_type=ValueType(value_type),
        se=se,
        lower_cl=lower_cl,
        upper_cl=upper_cl,
        cl_confidence=cl_confidence,
        transform=transform,
        multiplier=multiplier,
        confidence=levels,
        repetitions=repetitions,
        rii=rii,
        intercept=True,
        ci_method=ci_method,
        seed=seed,
        workers=workers,
        names="phe",
    )
    records = nw.from_native(frame, eager_only=True).rows(named=True)
    names = [by] if isinstance(by, str) else list(by or [])
    return [_group(row, names, levels, ci_method) for row in records]


def _group(
    row: Mapping[str, object], names: Sequence[str], levels: Sequence[float], method: str
) -> GroupEstimates:
    note = str(row.get("note") or "")
    number = functools.partial(_number, row)
    sii = Estimate(measure="sii", value=number("sii"), se=number("sii_se"), method=method,
                   note=note, **_limits(row, "sii", levels))  # fmt: skip
    rii = None
    if "rii" in row:
        rii = Estimate(measure="rii", value=number("rii"), method=method, note=note,
                       **_limits(row, "rii", levels))  # fmt: skip
    return GroupEstimates(
        keys={name: row[name] for name in names},
        sii=sii,
        rii=rii,
        intercept=number("intercept"),
    )
