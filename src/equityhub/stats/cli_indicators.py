"""``equityhub stats`` indicators: proportion, rate, mean, dsr, isr, life-expectancy, quantile.

Each runs the grouped function of its engine (:mod:`~equityhub.stats.indicators`,
:mod:`~equityhub.stats.standardised`, :mod:`~equityhub.stats.life_expectancy`,
:mod:`~equityhub.stats.quantiles`) and shapes the output to the contract: the ``--by`` columns,
``value``, ``lower_<pct>``/``upper_<pct>`` per level, then counts, ``method`` and ``note``.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import pandas as pd

from equityhub.stats import indicators, life_expectancy, quantiles, standardised
from equityhub.stats.cli import (
    Command,
    InputError,
    contract,
    levels,
    number_list,
    numeric,
    rename_limits,
    require_columns,
)

RESERVED = {"value", "numerator", "denominator", "method", "note", "observed", "expected"}


def _work(table: pd.DataFrame, by: list[str], **columns: tuple[str, str]) -> pd.DataFrame:
    """A frame of the ``by`` columns and numeric copies of ``{internal: (column, option)}``."""
    require_columns(table, by=by, **{opt: col for col, opt in columns.values()})
    clash = sorted(set(by) & (RESERVED | set(columns)))
    if clash:
        raise InputError(f"--by column {clash[0]!r} has the name of an output column; rename it")
    work = table[by].copy()
    for internal, (column, option) in columns.items():
        work[internal] = numeric(table[[column]].copy(), column, option)[column].to_numpy()
    return work


def _by(args: argparse.Namespace) -> list[str] | None:
    return list(args.by) or None


def _counts_note(out: pd.DataFrame) -> pd.Series:
    x, n = out["numerator"], out["denominator"]
    note = np.select(
        [x.isna(), n.isna(), n == 0],
        ["numerator missing", "denominator missing", "denominator is zero"],
        default="",
    )
    return pd.Series(np.where(out["value"].isna(), note, ""), index=out.index)


def _statistic_note(out: pd.DataFrame, fallback: str) -> pd.Series:
    text = out["statistic"].astype(str)
    reason = np.where(text.str.contains(" NA ", regex=False), text, fallback)
    return pd.Series(np.where(out["value"].isna(), reason, ""), index=out.index)


def _counts_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--numerator", required=True, metavar="COL", help="numerator column")
    parser.add_argument("--denominator", required=True, metavar="COL", help="denominator column")


def _run_proportion(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    return _run_counts(args, table, indicators.proportion_by)


def _run_rate(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    return _run_counts(args, table, indicators.rate_by)


def _run_counts(args: argparse.Namespace, table: pd.DataFrame, engine: Any) -> Any:
    work = _work(
        table,
        args.by,
        numerator=(args.numerator, "numerator"),
        denominator=(args.denominator, "denominator"),
    )
    lv = levels(args)
    out = engine(
        work,
        by=_by(args),
        numerator="numerator",
        denominator="denominator",
        confidence=lv,
        multiplier=args.multiplier,
    )
    limits = rename_limits(out, lv)
    columns = [*args.by, "value", *limits, "numerator", "denominator", "method"]
    return contract(out, columns, _counts_note(out))


def _mean_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--value", required=True, metavar="COL", help="column of values")


def _run_mean(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    work = _work(table, args.by, value_in=(args.value, "value"))
    lv = levels(args)
    out = indicators.mean_by(work, by=_by(args), values="value_in", confidence=lv)
    limits = rename_limits(out, lv)
    out = out.rename(columns={"value_count": "count", "stdev": "sd"})
    notes = pd.Series(np.where(out["count"] < 2, "fewer than 2 values: no limits", ""))
    return contract(out, [*args.by, "value", *limits, "count", "sd", "method"], notes)


def _dsr_options(parser: argparse.ArgumentParser) -> None:
    _counts_options(parser)
    parser.add_argument(
        "--standard-population",
        default="esp2013",
        metavar="esp2013|esp1976|COL",
        help="standard population (default esp2013); without --age-band, rows must be in "
        "age-band order",
    )
    parser.add_argument(
        "--age-band",
        metavar="COL",
        help="age band column: the standard population is matched by band, in any row order "
        "(needed with --event-frequency)",
    )
    parser.add_argument(
        "--event-frequency",
        metavar="COL",
        help="events per person column, for non-independent events",
    )


def _run_dsr(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    columns = {
        "numerator": (args.numerator, "numerator"),
        "denominator": (args.denominator, "denominator"),
    }
    standard = args.standard_population
    if standard not in ("esp2013", "esp1976"):
        columns["standard"] = (standard, "standard-population")
    if args.event_frequency:
        columns["frequency"] = (args.event_frequency, "event-frequency")
    work = _work(table, args.by, **columns)
    if args.age_band:
        require_columns(table, age_band=args.age_band)
        work["age_band"] = table[args.age_band].to_numpy()
    stdpop: Any = "standard"
    if standard in ("esp2013", "esp1976"):
        stdpop = standardised.standard_population(standard)
    lv = levels(args)
    out = standardised.dsr_by(
        work,
        by=_by(args),
        numerator="numerator",
        denominator="denominator",
        stdpop=stdpop,
        confidence=lv,
        multiplier=args.multiplier,
        eventfreq="frequency" if args.event_frequency else None,
        ageband="age_band" if args.age_band else None,
    )
    limits = rename_limits(out, lv)
    out = out.rename(columns={"total_count": "numerator", "total_pop": "denominator"})
    notes = _statistic_note(out, "could not be computed")
    return contract(out, [*args.by, "value", *limits, "numerator", "denominator", "method"], notes)


def _isr_options(parser: argparse.ArgumentParser) -> None:
    _counts_options(parser)
    parser.add_argument(
        "--ref-numerator", required=True, metavar="COL", help="reference events per age band"
    )
    parser.add_argument(
        "--ref-denominator", required=True, metavar="COL", help="reference population per age band"
    )
    parser.add_argument(
        "--kind",
        choices=("ratio", "rate"),
        default="ratio",
        help="ratio (default; --multiplier is the reference value 1 or 100) or rate",
    )


def _run_isr(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    work = _work(
        table,
        args.by,
        numerator=(args.numerator, "numerator"),
        denominator=(args.denominator, "denominator"),
        ref_numerator=(args.ref_numerator, "ref-numerator"),
        ref_denominator=(args.ref_denominator, "ref-denominator"),
    )
    lv = levels(args)
    options: dict[str, Any] = dict(
        by=_by(args),
        numerator="numerator",
        denominator="denominator",
        ref_numerator="ref_numerator",
        ref_denominator="ref_denominator",
        confidence=lv,
    )
    if args.kind == "ratio":
        multiplier = 1.0 if args.multiplier is None else args.multiplier
        out = standardised.isratio_by(work, refvalue=multiplier, **options)
        counts = ["observed", "expected"]
    else:
        multiplier = 100_000.0 if args.multiplier is None else args.multiplier
        out = standardised.israte_by(work, multiplier=multiplier, **options)
        counts = ["observed", "expected", "ref_rate"]
    limits = rename_limits(out, lv)
    notes = _statistic_note(out, "could not be computed")
    return contract(out, [*args.by, "value", *limits, *counts, "method"], notes)


def _le_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--deaths", required=True, metavar="COL", help="deaths per age band")
    parser.add_argument("--population", required=True, metavar="COL", help="population per band")
    parser.add_argument(
        "--start-age",
        required=True,
        metavar="COL",
        help="start age of each band (0, 1, 5, 10, ..., 90)",
    )
    parser.add_argument(
        "--ages",
        type=number_list,
        default=None,
        metavar="0,65",
        help="start ages to report (default: every band)",
    )


def _run_life_expectancy(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    work = _work(
        table,
        args.by,
        deaths=(args.deaths, "deaths"),
        population=(args.population, "population"),
        start=(args.start_age, "start-age"),
    )
    lv = levels(args)
    out = life_expectancy.life_expectancy_by(
        work,
        by=_by(args),
        deaths="deaths",
        population="population",
        startage="start",
        confidence=lv,
        le_age=args.ages,
    )
    limits = rename_limits(out, lv)
    out = out.rename(
        columns={
            "start": args.start_age,
            "dths_used": "deaths_used",
            "pops_used": "population_used",
        }
    )
    notes = _statistic_note(out, "could not be computed")
    columns = [
        *args.by,
        args.start_age,
        "value",
        *limits,
        "deaths_used",
        "population_used",
        "method",
    ]
    return contract(out, columns, notes)


def _quantile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--value", required=True, metavar="COL", help="column to rank")
    parser.add_argument(
        "--quantiles", type=int, default=10, metavar="N", help="number of quantiles (default 10)"
    )
    parser.add_argument(
        "--no-invert",
        action="store_true",
        help="quantile 1 holds the lowest values (default: the highest)",
    )


def _run_quantile(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    work = _work(table, args.by, value_in=(args.value, "value"))
    out = quantiles.quantile_by(
        work, by=_by(args), values="value_in", nquantiles=args.quantiles, invert=not args.no_invert
    )
    if "quantile" in table.columns:
        raise InputError("the input already has a 'quantile' column; rename it")
    result = table.copy()
    result["quantile"] = pd.array(out["quantile"].to_numpy(), dtype="Float64").astype("Int64")
    result["note"] = np.where(result["quantile"].isna(), "value missing", "")
    return result


COMMANDS = [
    Command(
        "proportion",
        "proportions with Wilson score limits",
        "Proportions per --by group (numerator and denominator summed), Wilson limits.\n\n"
        "example:\n  equityhub stats proportion screening.csv --numerator screened "
        "--denominator eligible --by area --multiplier 100",
        _counts_options,
        _run_proportion,
        common=("by", "confidence", "multiplier"),
        default_multiplier=1,
    ),
    Command(
        "rate",
        "crude rates with exact Poisson / Byars limits",
        "Crude rates per --by group: exact Poisson limits below 10 events, Byars from 10.\n\n"
        "example:\n  equityhub stats rate deaths.csv --numerator deaths "
        "--denominator population --by area",
        _counts_options,
        _run_rate,
        common=("by", "confidence", "multiplier"),
        default_multiplier=100_000,
    ),
    Command(
        "mean",
        "means with Student t limits",
        "Means per --by group with Student t limits.\n\n"
        "example:\n  equityhub stats mean waits.csv --value days --by trust",
        _mean_options,
        _run_mean,
    ),
    Command(
        "dsr",
        "directly standardised rates (Dobson limits)",
        "Directly standardised rates per --by group (rows of a group in age-band order\n"
        "matching the standard population); not published below 10 events.\n\n"
        "example:\n  equityhub stats dsr mortality.csv --numerator deaths "
        "--denominator population --by area",
        _dsr_options,
        _run_dsr,
        common=("by", "confidence", "multiplier"),
        default_multiplier=100_000,
    ),
    Command(
        "isr",
        "indirectly standardised ratios or rates",
        "Indirectly standardised ratios (or rates with --kind rate) per --by group.\n\n"
        "example:\n  equityhub stats isr admissions.csv --numerator obs --denominator pop "
        "--ref-numerator ref_obs --ref-denominator ref_pop --by area --multiplier 100",
        _isr_options,
        _run_isr,
        common=("by", "confidence", "multiplier"),
    ),
    Command(
        "life-expectancy",
        "life expectancy (Chiang II, Silcocks limits)",
        "Life expectancy per --by group and start age from deaths and populations in 20\n"
        "age bands (0, 1-4, 5-9, ..., 85-89, 90+).\n\n"
        "example:\n  equityhub stats life-expectancy le.csv --deaths deaths "
        "--population pop --start-age age --by area --ages 0,65",
        _le_options,
        _run_life_expectancy,
    ),
    Command(
        "quantile",
        "assign quantiles (e.g. deprivation deciles) within groups",
        "Every input row with a quantile column (1 = highest values unless --no-invert).\n\n"
        "example:\n  equityhub stats quantile lsoa_scores.csv --value imd_score "
        "--by region --quantiles 10",
        _quantile_options,
        _run_quantile,
        common=("by",),
    ),
]
