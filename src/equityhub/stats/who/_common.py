"""Shared pieces of the WHO summary measures: validated subgroups, results, notes.

Notation (WHO, *Handbook on health inequality monitoring*, 2013; healthequal 1.0.1): subgroups
i = 1..n with estimate ``y_i``, standard error ``s_i`` and population ``P_i``;
``w_i = P_i / ΣP``; ``μ = Σ w_i y_i``; ``z = Φ⁻¹(1 − (1 − conf)/2)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from equityhub.stats._checks import as_float_array, confidence_levels, same_length, z_value
from equityhub.stats.estimates import Estimate
from equityhub.stats.results import IntervalResult

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Share of missing estimates above which non-ordered measures refuse (healthequal's rule).
MAX_MISSING_SHARE = 0.15


@dataclasses.dataclass(frozen=True, kw_only=True)
class WHOResult(IntervalResult):
    """One summary measure: ``value`` with ``lower``/``upper`` at ``confidence``.

    Attributes
    ----------
    measure : str
        WHO abbreviation (``"d"``, ``"rii"``, ...).
    se : float
        Standard error on the scale stated in the measure's documentation (NaN when the limits
        are simulated or cannot be computed).
    note : str
        Why a value is missing (the measure does not apply), or a caveat; empty otherwise.
    healthequal : mapping
        Where we deliberately differ from healthequal 1.0.1, the values it reports
        (``{"se": ..., "lower": ..., "upper": ...}``) so the two can be shown side by side.
    """

    measure: str = ""
    se: float = float("nan")
    note: str = ""
    healthequal: Mapping[str, float] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "healthequal", MappingProxyType(dict(self.healthequal)))

    def estimate(self) -> Estimate:
        """This measure as the shared typed :class:`~equityhub.stats.estimates.Estimate`."""
        level = self.confidence[0] if self.confidence else 0.95
        limits = {"lower": {}, "upper": {}} if not self.confidence else {
            "lower": {level: float(self.lower[level])}, "upper": {level: float(self.upper[level])}
        }  # fmt: skip
        return Estimate(measure=self.measure, value=float(self.value), se=float(self.se),
                        note=self.note, method="healthequal 1.0.1", **limits)  # fmt: skip

    @property
    def applies(self) -> bool:
        """False when the measure could not be computed for these subgroups.

        An infinite value (a ratio against a subgroup estimate of 0) applies: it is what the
        reference reports, and ``note`` says why.
        """
        return not bool(np.isnan(self.value))


def result(
    measure: str,
    sub: Subgroups,
    value: float,
    *,
    se: float = float("nan"),
    lower: float = float("nan"),
    upper: float = float("nan"),
    note: str = "",
    healthequal: Mapping[str, float] | None = None,
) -> WHOResult:
    """Build a result at the subgroups' confidence level."""
    level = sub.conf_level
    return WHOResult(
        value=cast(Any, float(value)),
        lower={level: cast(Any, float(lower))},
        upper={level: cast(Any, float(upper))},
        confidence=(level,),
        measure=measure,
        se=float(se),
        note=note,
        healthequal=healthequal or {},
    )


def not_applicable(measure: str, sub: Subgroups, note: str) -> WHOResult:
    """A result with no value, saying why (healthequal stops with an error here)."""
    return result(measure, sub, float("nan"), note=note)


def normal_limits(value: float, se: float, z: float) -> tuple[float, float]:
    """``value ± z·se``."""
    return value - z * se, value + z * se


@dataclasses.dataclass(frozen=True)
class Subgroups:
    """Validated subgroup arrays for one indicator and one inequality dimension.

    ``order`` is None for a non-ordered dimension; ``reference`` is None without a reference
    flag; ``se`` and ``population`` may be None.
    """

    estimate: FloatArray
    se: FloatArray | None
    population: FloatArray | None
    order: FloatArray | None
    reference: BoolArray | None
    favourable: bool
    scale: float | None
    setting_average: float | None
    conf_level: float
    force: bool = False

    @property
    def n(self) -> int:
        return len(self.estimate)

    @property
    def ordered(self) -> bool:
        return self.order is not None

    @property
    def z(self) -> float:
        return z_value(self.conf_level)

    @property
    def weights(self) -> FloatArray:
        """Population shares ``w_i`` (requires population)."""
        if self.population is None:
            raise ValueError("population: this measure needs subgroup populations")
        return self.population / self.population.sum()

    @property
    def weighted_mean(self) -> float:
        """``μ = Σ w_i y_i``."""
        return float(np.sum(self.weights * self.estimate))

    @property
    def has_se(self) -> bool:
        return self.se is not None and not np.isnan(self.se).any()

    def subset(self, keep: BoolArray) -> Subgroups:
        """The same subgroups restricted to ``keep`` (every array subset together)."""

        def cut(array: Any) -> Any:
            return None if array is None else array[keep]

        return dataclasses.replace(
            self,
            estimate=self.estimate[keep],
            se=cut(self.se),
            population=cut(self.population),
            order=cut(self.order),
            reference=cut(self.reference),
        )


def without_missing(sub: Subgroups, *, ordered_measure: bool, allow_force: bool = True) -> Any:
    """Drop subgroups with a missing estimate, or return a note when too many are missing.

    Ordered measures (ACI, RCI, SII, RII) refuse any missing estimate and the others more than
    15%, unless ``force`` (BGV ignores ``force``, as in healthequal).
    """
    missing = np.isnan(sub.estimate)
    if not missing.any():
        return sub
    forced = sub.force and allow_force
    too_many = missing.any() if ordered_measure else missing.mean() > MAX_MISSING_SHARE
    if too_many and not forced:
        rule = "an estimate is" if ordered_measure else "more than 15% of estimates are"
        return f"{rule} missing (pass force=True to drop the missing subgroups)"
    return sub.subset(~missing)


def _optional(values: npt.ArrayLike | None, name: str) -> FloatArray | None:
    return None if values is None else as_float_array(values, name)


def make_subgroups(
    estimate: npt.ArrayLike,
    *,
    se: npt.ArrayLike | None = None,
    lower: npt.ArrayLike | None = None,
    upper: npt.ArrayLike | None = None,
    population: npt.ArrayLike | None = None,
    order: npt.ArrayLike | None = None,
    reference: npt.ArrayLike | None = None,
    favourable: bool = True,
    scale: float | None = 100.0,
    setting_average: float | None = None,
    conf_level: float = 0.95,
    force: bool = False,
) -> Subgroups:
    """Check and assemble the subgroup arrays (see :func:`summary_measures`)."""
    est = as_float_array(estimate, "estimate")
    se_arr = _optional(se, "se")
    if se_arr is None and lower is not None and upper is not None:
        lo, hi = as_float_array(lower, "lower"), as_float_array(upper, "upper")
        same_length(lower=lo, upper=hi, estimate=est)
        se_arr = (hi - lo) / (2 * z_value(0.95))
    arrays = {
        "estimate": est,
        "se": se_arr,
        "population": _optional(population, "population"),
        "order": _optional(order, "order"),
        "reference": _optional(reference, "reference"),
    }
    same_length(**{name: array for name, array in arrays.items() if array is not None})
    _check_values(arrays)
    if not isinstance(favourable, (bool, np.bool_)) and favourable not in (0, 1):
        raise ValueError(f"favourable: {favourable!r} should be True (higher is better) or False")
    if scale is not None and not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale: {scale!r} should be a positive number such as 100 or 1000")
    ref = arrays["reference"]
    return Subgroups(
        estimate=est,
        se=arrays["se"],
        population=arrays["population"],
        order=arrays["order"],
        reference=None if ref is None else ref == 1,
        favourable=bool(favourable),
        scale=None if scale is None else float(scale),
        setting_average=None if setting_average is None else float(setting_average),
        conf_level=confidence_levels(conf_level)[0],
        force=bool(force),
    )


def _check_values(arrays: Mapping[str, FloatArray | None]) -> None:
    se, pop, order, ref = (arrays[k] for k in ("se", "population", "order", "reference"))
    if se is not None and (se < 0).any():
        raise ValueError(f"se: negative standard error at position {int(np.argmax(se < 0))}")
    if pop is not None:
        if np.isnan(pop).any():
            raise ValueError(f"population: missing at position {int(np.argmax(np.isnan(pop)))}")
        if (pop < 0).any() or not (pop > 0).any():
            raise ValueError("population: must be non-negative and not all zero")
    if order is not None and np.isnan(order).any():
        raise ValueError("order: a subgroup has no order on an ordered dimension")
    if ref is not None:
        if not np.isin(ref, (0, 1)).all():
            raise ValueError("reference: flags must be 0 or 1")
        if ref.sum() > 1:
            raise ValueError("reference: more than one subgroup is flagged as the reference")


def prepared(
    measure: str, sub: Subgroups, *, needs_population: bool = True, allow_force: bool = True
) -> Subgroups | WHOResult:
    """Checks shared by the non-ordered measures: missing estimates, > 2 subgroups, populations."""
    checked = without_missing(sub, ordered_measure=False, allow_force=allow_force)
    if isinstance(checked, str):
        return not_applicable(measure, sub, checked)
    if checked.n <= 2:
        return not_applicable(measure, sub, "needs more than 2 subgroups")
    if needs_population and checked.population is None:
        return not_applicable(measure, sub, "needs subgroup populations")
    return checked


def zero_mean(measure: str, sub: Subgroups, mean: float) -> WHOResult | None:
    """A note when a relative measure would divide by a zero mean."""
    if mean == 0:
        return not_applicable(measure, sub, "the mean is 0, so the relative measure is undefined")
    return None


def simulation_note(sub: Subgroups) -> str:
    """Why simulated limits are missing, or an empty string."""
    if sub.has_se and sub.scale is not None:
        return ""
    return "no limits: simulated limits need a standard error for every subgroup and a scale"
