"""``equityhub stats sii`` and ``heat``: slope/relative index and WHO summary measures."""

from __future__ import annotations

import argparse
import warnings
from typing import Any

import numpy as np
import pandas as pd

from equityhub.stats import sii as sii_module
from equityhub.stats.cli import (
    Command,
    InputError,
    column_list,
    contract,
    levels,
    numeric,
    require_columns,
)
from equityhub.stats.results import level_suffix
from equityhub.stats.shapes import ValueType

SCALES = {"identity": ValueType.IDENTITY, "log": ValueType.RATE, "logit": ValueType.PROPORTION}

SII_HELP = """\
Slope index of inequality (and with --rii the relative index) per --by group from one row per
quantile (5-100 quantiles, e.g. deprivation deciles), by weighted regression on cumulative
population midpoints; limits by seeded Monte Carlo (--repetitions, default 100,000) or --analytic.

output: the --by columns, sii, rii (with --rii), intercept (with --intercept), then
sii_lower_<pct>, sii_upper_<pct> (and rii_lower_<pct>, rii_upper_<pct>) per level, note.

example:
  equityhub stats sii deciles.csv --by area --quantile decile --population pop \\
      --value rate --lower lower_95 --upper upper_95 --scale log --rii
"""

HEAT_HELP = """\
WHO summary measures of inequality (as the Health Equity Assessment Toolkit computes them) per
--by group from one row per subgroup. --measure is one of d, r, paf, par, aci, rci, sii, rii,
bgv, bgsd, cov, idisu, idisw, mdbu, mdbw, mdmu, mdmw, mdru, mdrw, mld, ti, a comma list, or all.
--order marks an ordered dimension (1 = least advantaged); --reference is a 0/1 column.

output: the --by columns, measure, estimate, se, lower_<pct>, upper_<pct>, note (why a measure
does not apply).

example:
  equityhub stats heat ethnicity.csv --measure all --subgroup group --estimate coverage \\
      --se se --population pop --favourable
"""


def _sii_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--quantile", required=True, metavar="COL", help="quantile column (1..n)")
    add("--population", required=True, metavar="COL", help="population of each quantile")
    value = parser.add_mutually_exclusive_group(required=True)
    value.add_argument("--value", metavar="COL", help="indicator value per quantile")
    value.add_argument(
        "--count",
        metavar="COL",
        help="count per quantile, for proportions (value = count / population)",
    )
    add("--se", metavar="COL", help="standard error column (on the --scale scale)")
    add("--lower", metavar="COL", help="lower confidence limit column (with --upper)")
    add("--upper", metavar="COL", help="upper confidence limit column (with --lower)")
    add(
        "--cl-confidence",
        type=float,
        default=0.95,
        metavar="0.95",
        help="confidence level of --lower/--upper (default 0.95)",
    )
    add("--scale", choices=tuple(SCALES), default="identity", help="value type (default identity)")
    add("--transform", action="store_true", help="fit the regression on the --scale scale")
    add("--rii", action="store_true", help="also the relative index of inequality")
    add("--intercept", action="store_true", help="also the regression intercept")
    add("--repetitions", type=int, default=100_000, metavar="N", help="Monte Carlo repetitions")
    add("--seed", type=int, default=sii_module.DEFAULT_SEED, metavar="N", help="random seed")
    add("--analytic", action="store_true", help="analytic limits instead of Monte Carlo")


def _run_sii(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    if args.se is None and (args.lower is None or args.upper is None):
        raise InputError("give --se COL, or both --lower COL and --upper COL")
    if args.se is not None and (args.lower or args.upper):
        raise InputError("give either --se or --lower/--upper, not both")
    numbers = {
        "quantile": args.quantile,
        "population": args.population,
        "value": args.value,
        "count": args.count,
        "se": args.se,
        "lower": args.lower,
        "upper": args.upper,
    }
    require_columns(table, by=args.by, **numbers)
    for option, column in numbers.items():
        if column is not None:
            numeric(table, column, option)
    lv = levels(args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # incomplete groups also get a note
        out = sii_module.sii_grouped(
            table,
            by=list(args.by) or None,
            quantile=args.quantile,
            population=args.population,
            value=args.value,
            x=args.count,
            value_type=SCALES[args.scale],
            se=args.se,
            lower_cl=args.lower,
            upper_cl=args.upper,
            cl_confidence=args.cl_confidence,
            transform=args.transform,
            multiplier=args.multiplier,
            confidence=lv,
            repetitions=args.repetitions,
            rii=args.rii,
            intercept=args.intercept,
            ci_method="analytic" if args.analytic else "monte_carlo",
            seed=args.seed,
        )
    out = _rename_sii_limits(out, lv)
    heads = ["sii", *(["rii"] if args.rii else []), *(["intercept"] if args.intercept else [])]
    limits = [
        f"{m}_{side}_{_pct(level)}"
        for m in ("sii", "rii")[: 1 + args.rii]
        for level in lv
        for side in ("lower", "upper")
    ]
    return contract(out, [*args.by, *heads, *limits], out["note"])


def _pct(level: float) -> str:
    from equityhub.stats._checks import pct_label

    return pct_label(level)


def _rename_sii_limits(out: pd.DataFrame, lv: tuple[float, ...]) -> pd.DataFrame:
    names = {}
    for measure in ("sii", "rii"):
        for level in lv:
            for side in ("lower", "upper"):
                for engine_name in (
                    f"{measure}_{side}{level_suffix(level)}cl",
                    f"{measure}_{side}cl",
                ):
                    names[engine_name] = f"{measure}_{side}_{_pct(level)}"
    return out.rename(columns=names)


def _heat_options(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add(
        "--measure",
        type=column_list,
        default=["all"],
        metavar="NAME|all",
        help="WHO measure abbreviation(s), or all (default)",
    )
    add("--subgroup", required=True, metavar="COL", help="subgroup label column")
    add("--estimate", required=True, metavar="COL", help="subgroup estimate column")
    add("--se", metavar="COL", help="standard error column")
    add("--lower", metavar="COL", help="lower 95%% limit column (with --upper)")
    add("--upper", metavar="COL", help="upper 95%% limit column (with --lower)")
    add("--population", required=True, metavar="COL", help="subgroup population column")
    add("--order", metavar="COL", help="order of an ordered dimension (1 = least advantaged)")
    add("--reference", metavar="COL", help="0/1 column marking the reference subgroup")
    add("--favourable", action="store_true", help="higher is better (default: adverse)")
    add("--scale", type=float, default=100.0, metavar="N", help="indicator scale (default 100)")
    add("--linear", action="store_true", help="linear rather than logistic SII/RII")


def _run_heat(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    from equityhub.stats.who import summary_measures

    if args.se is None and (args.lower is None or args.upper is None):
        raise InputError("give --se COL, or both --lower COL and --upper COL")
    numbers = {
        "estimate": args.estimate,
        "se": args.se,
        "lower": args.lower,
        "upper": args.upper,
        "population": args.population,
        "order": args.order,
        "reference": args.reference,
    }
    require_columns(table, by=args.by, subgroup=args.subgroup, **numbers)
    for option, column in numbers.items():
        if column is not None:
            numeric(table, column, option)
    lv = levels(args)
    measure = "all" if args.measure == ["all"] else args.measure
    groups = [((), table)] if not args.by else table.groupby(args.by, sort=True, dropna=False)
    rows = []
    for key, part in groups:
        keys = dict(zip(args.by, key if isinstance(key, tuple) else (key,), strict=True))
        rows += _heat_rows(args, part, keys, measure, lv, summary_measures)
    return pd.DataFrame(rows)


def _heat_rows(
    args: argparse.Namespace,
    part: pd.DataFrame,
    keys: dict[str, Any],
    measure: Any,
    lv: tuple[float, ...],
    summary_measures: Any,
) -> list[dict[str, Any]]:
    def column(name: str | None) -> Any:
        return None if name is None else part[name].to_numpy(dtype=np.float64)

    per_level = {}
    for level in lv:
        found = summary_measures(
            column(args.estimate),
            se=column(args.se),
            lower=column(args.lower),
            upper=column(args.upper),
            population=column(args.population),
            order=column(args.order),
            reference=column(args.reference),
            favourable=args.favourable,
            scale=args.scale,
            conf_level=level,
            measure=measure,
            linear=args.linear,
        )
        per_level[level] = found if isinstance(found, dict) else {found.measure: found}
    rows = []
    for name, first in per_level[lv[0]].items():
        row = {**keys, "measure": name, "estimate": float(first.value), "se": float(first.se)}
        for level in lv:
            low, high = _limits(per_level[level][name], level)
            row[f"lower_{_pct(level)}"], row[f"upper_{_pct(level)}"] = float(low), float(high)
        row["note"] = first.note
        rows.append(row)
    return rows


def _limits(result: Any, level: float) -> tuple[float, float]:
    try:
        low, high = result.confidence_interval(level)
    except ValueError:
        return float("nan"), float("nan")
    return float(low), float(high)


COMMANDS = [
    Command(
        "sii",
        "slope and relative index of inequality",
        SII_HELP,
        _sii_options,
        _run_sii,
        common=("by", "confidence", "multiplier"),
        default_multiplier=1,
    ),
    Command(
        "heat", "WHO summary measures of inequality (HEAT)", HEAT_HELP, _heat_options, _run_heat
    ),
]
