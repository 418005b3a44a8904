"""``equityhub stats aggregate``, ``suppress`` and ``spc``: data preparation and control charts."""

from __future__ import annotations

import argparse
from typing import Any, Literal

import numpy as np
import pandas as pd

from equityhub.stats.aggregate import aggregate
from equityhub.stats.cli import (
    Command,
    InputError,
    column_list,
    numeric,
    polars_to_pandas,
    require_columns,
)
from equityhub.stats.disclosure import suppress
from equityhub.stats.return_rows import return_rows
from equityhub.stats.spc import xmr_by

AGGREGATE_HELP = """\
Count record-level or LSOA-level rows by IMD decile (or quintile) and any --by columns, using the
IMD 2025 (2021 LSOAs) or IMD 2019 (2011 LSOAs) lookup shipped with Equity Hub. The vintage is
detected from the codes; mixed vintages and unknown codes are refused, naming the rows. Rows
without a code are counted in a row with an empty decile. Output never has a row per record.

output: the --by columns, imd, imd_decile (or imd_quintile), core20, then the --count columns
(summed) or count (rows), note.

With --indicator, --area and --period the output is an Equity Hub data return that uploads as it
is: indicator, area_code, period, breakdown, category, numerator (the --numerator column summed),
denominator (the --denominator column summed, or the number of rows), lsoa_vintage, imd_version;
one row per decile (Unknown for missing codes), per category of each --by column, and the Total.

example:
  equityhub stats aggregate admissions.csv --lsoa lsoa21 --by sex,age_band -o by_decile.csv

example, a data return:
  equityhub stats aggregate waits.csv --lsoa lsoa21 --numerator over_18_weeks \
      --indicator rtt-waiting-over-18-weeks --area RXX --period 2024-25 -o return.csv
"""

SUPPRESS_HELP = """\
Small-number suppression with secondary suppression (see docs/statistics/disclosure.md). Counts
below --threshold (default 10) are suppressed, then further cells until no suppressed count can
be recovered by subtraction from a total: categories of each --breakdown sum to the area's
--total row, and child areas sum to their --parent. Count, value and confidence limit columns
(lower_95, lowercl, Lower CI 95.0 limit, ...) and --blank columns are emptied in suppressed rows.

output: the input rows and columns, then suppressed and suppression_reason.

example:
  equityhub stats suppress table.csv --count numerator --within indicator,period \\
      --area org --parent parent_org --breakdown breakdown --category category
"""

SPC_HELP = """\
XmR control chart per --by group as Making Data Count reads it: mean, process limits
(mean +/- 2.66 x mean moving range), special-cause rules (a point beyond the limits, a shift of
--shift points on one side of the mean, a trend of --trend rising or falling points, two of three
points beyond two sigma), variation icon and assurance against --target.

output: the --by columns, the --order column, value, mean, lower_limit, upper_limit,
moving_range, beyond_limits, shift, trend, near_limits, special_cause, variation,
variation_icon, assurance, note.

example:
  equityhub stats spc monthly.csv --value rate --by indicator --order month \\
      --improvement decrease --target 5
"""


def _aggregate_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lsoa",
        default="lsoa_code",
        metavar="COL",
        help="column of LSOA codes (default lsoa_code)",
    )
    parser.add_argument(
        "--count",
        type=column_list,
        default=[],
        metavar="COL[,COL...]",
        help="count columns to sum (default: count rows)",
    )
    parser.add_argument(
        "--imd",
        type=int,
        choices=(2025, 2019),
        default=None,
        help="IMD release (default: detected from the codes)",
    )
    parser.add_argument("--quintile", action="store_true", help="quintiles instead of deciles")
    upload = parser.add_argument_group("data return (output uploads to Equity Hub as it is)")
    upload.add_argument("--indicator", metavar="CODE", help="indicator code of the return")
    upload.add_argument("--area", metavar="ODS", help="organisation code of the return")
    upload.add_argument("--period", metavar="PERIOD", help="e.g. 2024-25, 2024, 2024-Q1")
    upload.add_argument("--numerator", metavar="COL", help="column summed as the numerator")
    upload.add_argument(
        "--denominator", metavar="COL", help="column summed as the denominator (default: rows)"
    )


RECORDS = "_records"


def _return_options(args: argparse.Namespace) -> list[str] | None:
    """The count columns of a data return, or None when no return was asked for."""
    wanted = {"indicator": args.indicator, "area": args.area, "period": args.period}
    if not any(wanted.values()) and not args.numerator:
        return None
    needed = {**wanted, "numerator": args.numerator}
    missing = [f"--{name}" for name, value in needed.items() if not value]
    if missing:
        raise InputError(f"a data return needs {', '.join(missing)} as well")
    return [args.numerator, args.denominator or RECORDS]


def _with_records(table: Any) -> Any:
    # as text, like every column the CSV reader gives (counts are made numeric afterwards)
    if isinstance(table, pd.DataFrame):
        return table.assign(**{RECORDS: "1"})
    import polars as pl

    return table.with_columns(pl.lit("1").alias(RECORDS))


def _run_aggregate(args: argparse.Namespace, table: Any) -> Any:
    as_return = _return_options(args)
    if as_return is not None:
        args.count = as_return
        if as_return[1] == RECORDS:
            table = _with_records(table)
    names = list(table.columns)
    for option, columns in (("lsoa", [args.lsoa]), ("by", args.by), ("count", args.count)):
        for column in columns:
            if column not in names:
                raise InputError(
                    f"column {column!r} (--{option}) is not in the input "
                    f"(columns: {', '.join(names)})"
                )
    table = _numeric_counts(table, args.count)
    level: Literal["decile", "quintile"] = "quintile" if args.quintile else "decile"
    out = aggregate(table, lsoa=args.lsoa, by=args.by, counts=args.count, level=level, imd=args.imd)
    frame = out if isinstance(out, pd.DataFrame) else polars_to_pandas(out)
    if as_return is not None:
        return return_rows(
            frame,
            indicator=args.indicator,
            area=args.area,
            period=args.period,
            numerator=as_return[0],
            denominator=as_return[1],
            level=level,
            by=list(args.by),
        )
    frame["note"] = np.where(frame[f"imd_{level}"].isna(), "LSOA code missing", "")
    return frame


def _numeric_counts(table: Any, columns: list[str]) -> Any:
    if isinstance(table, pd.DataFrame):
        for column in columns:
            numeric(table, column, "count")
        return table
    import polars as pl

    for column in columns:
        raw = table.get_column(column)
        values = raw.cast(pl.Float64, strict=False)
        if (values.is_null() & raw.is_not_null()).any():  # spaces or thousands separators
            values = raw.str.strip_chars().str.replace_all(",", "").cast(pl.Float64, strict=False)
        bad = np.flatnonzero((values.is_null() & raw.is_not_null() & (raw != "")).to_numpy())
        if bad.size:
            row = int(bad[0])
            raise InputError(
                f"line {row + 2}, column {column!r} (--count): {raw[row]!r} is not a number"
            )
        table = table.with_columns(values.alias(column))
    return table


def _suppress_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", required=True, metavar="COL", help="count column to protect")
    parser.add_argument(
        "--within",
        type=column_list,
        default=[],
        metavar="COL[,COL...]",
        help="columns separating protected sets (indicator, period)",
    )
    parser.add_argument("--area", metavar="COL", help="area or organisation code column")
    parser.add_argument("--parent", metavar="COL", help="parent area code column (hierarchy)")
    parser.add_argument("--breakdown", metavar="COL", help="breakdown name column")
    parser.add_argument("--category", metavar="COL", help="category column (totals: --total)")
    parser.add_argument(
        "--total",
        default="Total",
        metavar="LABEL",
        help="category label of total rows (default Total)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=10,
        metavar="N",
        help="suppress counts below N (default 10)",
    )
    parser.add_argument("--publish-zeros", action="store_true", help="publish counts of zero")
    parser.add_argument(
        "--blank",
        type=column_list,
        default=[],
        metavar="COL[,COL...]",
        help="further columns to empty in suppressed rows",
    )


def _run_suppress(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    require_columns(
        table,
        count=args.count,
        within=args.within,
        area=args.area,
        parent=args.parent,
        breakdown=args.breakdown,
        category=args.category,
        blank=args.blank,
    )
    numeric(table, args.count, "count")
    return suppress(
        table,
        count=args.count,
        within=args.within,
        area=args.area,
        parent=args.parent,
        breakdown=args.breakdown,
        category=args.category,
        total=args.total,
        threshold=args.threshold,
        publish_zeros=args.publish_zeros,
        blank=args.blank,
    )


def _spc_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--value", required=True, metavar="COL", help="column to chart")
    parser.add_argument(
        "--order", metavar="COL", help="time column to sort by (default: input order)"
    )
    parser.add_argument(
        "--improvement",
        choices=("increase", "decrease", "neither"),
        default="neither",
        help="which direction is better",
    )
    parser.add_argument("--target", type=float, metavar="N", help="target for assurance")
    parser.add_argument(
        "--baseline", type=int, metavar="N", help="compute mean and limits from the first N points"
    )
    parser.add_argument("--shift", type=int, default=7, metavar="N", help="shift run (default 7)")
    parser.add_argument("--trend", type=int, default=6, metavar="N", help="trend run (default 6)")


def _run_spc(args: argparse.Namespace, table: pd.DataFrame) -> Any:
    require_columns(table, value=args.value, by=args.by, order=args.order)
    numeric(table, args.value, "value")
    if args.order:
        as_numbers = pd.to_numeric(table[args.order], errors="coerce")
        if as_numbers.notna().all():
            table[args.order] = as_numbers
    return xmr_by(
        table,
        value=args.value,
        by=list(args.by) or None,
        order=args.order,
        improvement=args.improvement,
        target=args.target,
        baseline=args.baseline,
        shift=args.shift,
        trend=args.trend,
    )


COMMANDS = [
    Command(
        "aggregate",
        "counts by IMD decile or quintile from LSOA or record rows",
        AGGREGATE_HELP,
        _aggregate_options,
        _run_aggregate,
        common=("by",),
        fast_reader=True,
    ),
    Command(
        "suppress",
        "small-number suppression with secondary suppression",
        SUPPRESS_HELP,
        _suppress_options,
        _run_suppress,
        common=(),
    ),
    Command(
        "spc",
        "XmR control chart with Making Data Count rules",
        SPC_HELP,
        _spc_options,
        _run_spc,
        common=("by",),
    ),
]
