"""WHO's summary measures of inequality under healthequal's names, on a DataFrame.

One function per measure, named as in the R package healthequal 1.0.1 (``aci``, ``bgsd``,
``bgv``, ``covar``, ``d``, ``idisu``, ``idisw``, ``mdbu``, ``mdbw``, ``mdmu``, ``mdmw``,
``mdru``, ``mdrw``, ``mld``, ``paf``, ``parisk``, ``r``, ``rci``, ``rii``, ``sii``, ``ti``), and
:func:`measures` for several or all at once. The arguments carry healthequal's names:
``est``, ``se``, ``pop``, ``subgroup_order``, ``favourable_indicator``, ``ordered_dimension``,
``reference_subgroup``, ``scaleval``, ``setting_average``, ``sim``, ``seed``, ``linear``,
``force`` (and ``conf_level`` for R's ``conf.level``). Each names a column of ``dat`` or gives
one value for every row (``favourable_indicator=1``, ``scaleval=100``). ``by`` plays the part of
dplyr's ``group_by``.

The output has healthequal's columns, ``measure``, ``estimate``, ``se``, ``lowerci``,
``upperci``, after the ``by`` columns, and a ``note`` saying why a measure does not apply or
what to know about it (healthequal stops with an error instead). The figures are those of
:func:`equityhub.stats.who.summary_measures`; ``docs/statistics/inequality.md`` lists where, and
why, they differ from healthequal's.

>>> from equityhub.stats import datasets, healthequal
>>> groups = datasets.ethnicity()
>>> healthequal.d(groups, est="coverage", se="se", pop="eligible", favourable_indicator=1,
...               reference_subgroup="reference", scaleval=100).round(3)
  measure  estimate     se  lowerci  upperci note
0       d      13.5  1.103   11.338   15.662
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

import numpy as np
import numpy.typing as npt

from equityhub.stats.frame import DataFrameT, Groups, group_rows, make_frame, numeric_column
from equityhub.stats.who import MEASURES, WHOResult, summary_measures

__all__ = [
    "NAMES",
    "MeasureFunction",
    "aci", "bgsd", "bgv", "covar", "d", "idisu", "idisw", "mdbu", "mdbw", "mdmu", "mdmw",
    "mdru", "mdrw", "measures", "mld", "paf", "parisk", "r", "rci", "rii", "sii", "ti",
]  # fmt: skip

#: healthequal's function name for each of our measure names (R cannot use ``cov`` or ``par``).
NAMES: dict[str, str] = {name: name for name in MEASURES} | {"cov": "covar", "par": "parisk"}
_OURS = {heq: ours for ours, heq in NAMES.items()}
Column = str | float | int | None


def _values(dat: Any, spec: Column, field: str, n_rows: int) -> npt.NDArray[np.float64] | None:
    """A column of ``dat`` by name, or one value repeated for every row."""
    if spec is None:
        return None
    if isinstance(spec, str):
        return numeric_column(dat, spec, field=field)
    if isinstance(spec, bool) or not isinstance(spec, int | float):
        raise TypeError(f"{field}: give a column name or a number, got {spec!r}")
    return np.full(n_rows, float(spec))


def _constant(values: npt.NDArray[np.float64] | None, field: str, where: str) -> float | None:
    """The one value a per-group option must have (healthequal refuses several)."""
    if values is None:
        return None
    distinct = np.unique(values[~np.isnan(values)])
    if distinct.size > 1:
        raise ValueError(f"{field}: must be the same in every row of {where}")
    return float(distinct[0]) if distinct.size else None


def _flag(value: float | None, field: str, default: bool) -> bool:
    if value is None:
        return default
    if value not in (0.0, 1.0):
        raise ValueError(f"{field}: must be 0 or 1, got {value:g}")
    return value == 1.0


def _one_group(
    rows: npt.NDArray[np.intp], arrays: dict[str, Any], where: str, wanted: list[str],
    options: dict[str, Any],
) -> dict[str, WHOResult]:  # fmt: skip
    def take(name: str) -> npt.NDArray[np.float64] | None:
        values = arrays[name]
        return None if values is None else values[rows]

    ordered = _flag(_constant(take("ordered_dimension"), "ordered_dimension", where),
                    "ordered_dimension", take("subgroup_order") is not None)  # fmt: skip
    estimate = take("est")
    if estimate is None:
        raise ValueError("est: give the column of subgroup estimates")
    found = summary_measures(
        estimate,
        se=take("se"),
        population=take("pop"),
        order=take("subgroup_order") if ordered else None,
        reference=take("reference_subgroup"),
        favourable=_flag(_constant(take("favourable_indicator"), "favourable_indicator", where),
                         "favourable_indicator", True),
        scale=_constant(take("scaleval"), "scaleval", where),
        setting_average=_constant(take("setting_average"), "setting_average", where),
        measure=wanted,
        **options,
    )  # fmt: skip
    if isinstance(found, WHOResult):  # a list of measures gives a dict; one name a result
        return {found.measure: found}
    return found


def measures(
    dat: DataFrameT,
    *,
    est: str,
    se: Column = None,
    pop: Column = None,
    subgroup_order: Column = None,
    favourable_indicator: Column = None,
    ordered_dimension: Column = None,
    reference_subgroup: Column = None,
    scaleval: Column = None,
    setting_average: Column = None,
    measure: str | Sequence[str] = "all",
    by: str | Sequence[str] | None = None,
    conf_level: float = 0.95,
    sim: int = 100,
    seed: int = 123456,
    linear: bool = False,
    force: bool = False,
) -> DataFrameT:
    """Several (or ``"all"``) WHO summary measures per group, under healthequal's names.

    Parameters
    ----------
    dat : pandas or polars DataFrame
        One row per subgroup (and group, with ``by``).
    est, se, pop, subgroup_order, reference_subgroup : str or number
        Columns of estimates, their standard errors, populations, the subgroup order of an
        ordered dimension (1 = least advantaged) and the 0/1 reference flag.
    favourable_indicator, ordered_dimension : str or {0, 1}
        A column or one value; ``ordered_dimension`` defaults to 1 when ``subgroup_order`` is
        given.
    scaleval, setting_average : str or number
        Indicator scale (100 for percent) and the setting's average, constant within a group.
    measure : str or sequence of str
        healthequal names (``"covar"``, ``"parisk"``...) or ``"all"``.
    by : str or sequence of str, optional
        Columns to group by, as dplyr's ``group_by`` before a healthequal call.
    conf_level, sim, seed, linear, force
        As healthequal's ``conf.level``, ``sim``, ``seed``, ``linear``, ``force``.

    Returns
    -------
    DataFrame of the input's kind
        The ``by`` columns, ``measure``, ``estimate``, ``se``, ``lowerci``, ``upperci``,
        ``note``; one row per group and measure, in healthequal's measure order.
    """
    wanted = _measure_names(measure)
    groups = group_rows(dat, by)
    n_rows = groups.n_rows
    specs = {"est": est, "se": se, "pop": pop, "subgroup_order": subgroup_order,
             "favourable_indicator": favourable_indicator, "ordered_dimension": ordered_dimension,
             "reference_subgroup": reference_subgroup, "scaleval": scaleval,
             "setting_average": setting_average}  # fmt: skip
    arrays = {field: _values(dat, spec, field, n_rows) for field, spec in specs.items()}
    options = {"conf_level": conf_level, "sim": sim, "seed": seed, "linear": linear,
               "force": force}  # fmt: skip
    order = np.argsort(groups.codes, kind="stable")
    bounds = np.searchsorted(groups.codes[order], np.arange(groups.n_groups + 1))
    results = [
        _one_group(order[bounds[g] : bounds[g + 1]], arrays, groups.describe(g), wanted, options)
        for g in range(groups.n_groups)
    ]
    return _output(groups, results, wanted, conf_level)


def _measure_names(measure: str | Sequence[str]) -> list[str]:
    """Our names for healthequal's (``covar`` -> ``cov``); ours are accepted too."""
    if isinstance(measure, str) and measure == "all":
        return list(MEASURES)
    names = [measure] if isinstance(measure, str) else list(measure)
    ours = []
    for name in names:
        key = name.lower()
        if key not in _OURS and key not in MEASURES:
            raise ValueError(f"measure: {name!r} is not one of {', '.join(_OURS)} or 'all'")
        ours.append(_OURS.get(key, key))
    return ours


def _output(
    groups: Groups, results: list[dict[str, WHOResult]], wanted: list[str], level: float
) -> Any:
    keys = groups.keys()
    names = [*keys, "measure", "estimate", "se", "lowerci", "upperci", "note"]
    columns: dict[str, list[Any]] = {name: [] for name in names}
    for g, found in enumerate(results):
        for name in wanted:
            result = found[name]
            low, high = _limits(result, level)
            for key, values in keys.items():
                columns[key].append(values[g])
            columns["measure"].append(NAMES[name])
            columns["estimate"].append(float(result.value))
            columns["se"].append(float(result.se))
            columns["lowerci"].append(low)
            columns["upperci"].append(high)
            columns["note"].append(result.note)
    frame = {name: np.asarray(values, dtype=object if name in keys else None)
             for name, values in columns.items()}  # fmt: skip
    return make_frame(frame, like=groups.source)


def _limits(result: WHOResult, level: float) -> tuple[float, float]:
    if not result.confidence:
        return float("nan"), float("nan")
    low, high = result.confidence_interval(level)
    return float(low), float(high)


class MeasureFunction(Protocol):
    """The signature of each single-measure function: :func:`measures` without ``measure``."""

    def __call__(
        self,
        dat: DataFrameT,
        *,
        est: str,
        se: Column = None,
        pop: Column = None,
        subgroup_order: Column = None,
        favourable_indicator: Column = None,
        ordered_dimension: Column = None,
        reference_subgroup: Column = None,
        scaleval: Column = None,
        setting_average: Column = None,
        by: str | Sequence[str] | None = None,
        conf_level: float = 0.95,
        sim: int = 100,
        seed: int = 123456,
        linear: bool = False,
        force: bool = False,
    ) -> DataFrameT: ...


def _single(name: str) -> MeasureFunction:
    def compute(dat: Any, **options: Any) -> Any:
        return measures(dat, measure=name, **options)

    compute.__name__ = compute.__qualname__ = name
    compute.__doc__ = (
        f"healthequal's ``{name}`` on a DataFrame: :func:`measures` with ``measure={name!r}``."
    )
    return cast(MeasureFunction, compute)


aci, bgsd, bgv, covar, d = (_single(name) for name in ("aci", "bgsd", "bgv", "covar", "d"))
idisu, idisw, mdbu, mdbw = (_single(name) for name in ("idisu", "idisw", "mdbu", "mdbw"))
mdmu, mdmw, mdru, mdrw = (_single(name) for name in ("mdmu", "mdmw", "mdru", "mdrw"))
mld, paf, parisk, r, rci = (_single(name) for name in ("mld", "paf", "parisk", "r", "rci"))
rii, sii, ti = (_single(name) for name in ("rii", "sii", "ti"))
