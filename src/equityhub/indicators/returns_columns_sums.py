"""Whether a return's breakdowns add up to its totals, on whole columns (see `returns_sums`).

The same rule as `returns_sums.sum_problems`, grouped in polars instead of row by row: each
breakdown against the overall total, and detailed categories against the broad one they nest
in; exactly when the breakdown is complete, never more than the whole when it is partial. It
only names the cells that do not add up: `returns_sums` words the problems of those.
"""

from __future__ import annotations

import polars as pl

from equityhub.indicators.categories import ALLOWED, NESTED_IN, TOTAL, UNKNOWN_CATEGORIES
from equityhub.indicators.returns_sums import TOLERANCE

KEYS = ["indicator", "period", "group_breakdown", "group_category"]


def _requirements() -> pl.DataFrame:
    """Per group: how many known categories (top level) or categories (nested) make it whole."""
    rows: list[tuple[str, str, int, int]] = []
    for breakdown, vocabulary in ALLOWED.items():
        known = [c for c in vocabulary if c not in UNKNOWN_CATEGORIES]
        rows.append((breakdown, "", len(known), 0))
    for broad, mapping in NESTED_IN.values():
        for group in set(mapping.values()):
            rows.append((broad, group, 0, sum(1 for b in mapping.values() if b == group)))
    return pl.DataFrame(
        rows,
        schema={
            "group_breakdown": pl.String,
            "group_category": pl.String,
            "needed_known": pl.Int64,
            "needed_all": pl.Int64,
        },
        orient="row",
    )


def _parts(cells: pl.DataFrame) -> pl.DataFrame:
    """Each row once under its breakdown and once more under the broad category it nests in."""
    top = cells.filter(pl.col("breakdown") != "overall").with_columns(
        group_breakdown=pl.col("breakdown"), group_category=pl.lit("")
    )
    nested = [
        cells.filter(pl.col("breakdown") == detail).with_columns(
            group_breakdown=pl.lit(broad),
            group_category=pl.col("category").replace_strict(
                mapping, default="", return_dtype=pl.String
            ),
        )
        for detail, (broad, mapping) in NESTED_IN.items()
    ]
    return pl.concat([top, *nested])


def cells_not_adding_up(staged: pl.DataFrame) -> pl.DataFrame:
    """The (indicator, period) cells where a breakdown or nested group counts other than its
    whole allows (none when the file adds up)."""
    cells = staged.select(
        "indicator", "period", "breakdown", "category", "numerator", "denominator"
    )
    unknown = pl.col("category").is_in(list(UNKNOWN_CATEGORIES))
    groups = (
        _parts(cells)
        .group_by(KEYS)
        .agg(
            pl.col("numerator").sum().alias("part_numerator"),
            pl.col("denominator").sum().alias("part_denominator"),
            pl.col("numerator").null_count().alias("missing_numerator"),
            pl.col("denominator").null_count().alias("missing_denominator"),
            pl.col("category").n_unique().alias("present_all"),
            pl.col("category").filter(~unknown).n_unique().alias("present_known"),
            unknown.any().alias("has_unknown"),
        )
    )
    totals = cells.filter(
        (pl.col("breakdown") == "overall") & (pl.col("category") == TOTAL)
    ).select(
        "indicator",
        "period",
        pl.col("numerator").alias("total_numerator"),
        pl.col("denominator").alias("total_denominator"),
    )
    named = cells.select(
        "indicator",
        "period",
        pl.col("breakdown").alias("group_breakdown"),
        pl.col("category").alias("group_category"),
        pl.col("numerator").alias("broad_numerator"),
        pl.col("denominator").alias("broad_denominator"),
    )
    top = pl.col("group_category") == ""
    joined = (
        groups.join(totals, on=["indicator", "period"], how="left")
        .join(named, on=KEYS, how="left")
        .join(_requirements(), on=["group_breakdown", "group_category"], how="left")
        .with_columns(
            exact=pl.when(top)
            .then(
                (pl.col("needed_known") > 0)
                & (pl.col("present_known") == pl.col("needed_known"))
                & pl.col("has_unknown")
            )
            .otherwise(pl.col("present_all") == pl.col("needed_all"))
            .fill_null(False)
        )
    )
    wrong = pl.lit(False)
    for column in ("numerator", "denominator"):
        whole = pl.when(top).then(pl.col(f"total_{column}")).otherwise(pl.col(f"broad_{column}"))
        added = pl.col(f"part_{column}")
        off = (
            pl.when(pl.col("exact"))
            .then((added - whole).abs() > TOLERANCE)
            .otherwise(added > whole + TOLERANCE)
        )
        counted = whole.is_not_null() & (pl.col(f"missing_{column}") == 0)
        wrong = wrong | (counted & off).fill_null(False)
    return joined.filter(wrong).select("indicator", "period").unique()
