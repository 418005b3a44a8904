"""Counts by deprivation (and --by columns) laid out as an Equity Hub data return.

``equityhub stats aggregate --indicator ... --area ... --period ...`` writes this layout so its
output uploads to the platform unchanged: one row per breakdown and category with the numerator
and denominator, an overall "Total" row, and the LSOA vintage and IMD edition the deciles come
from (the platform refuses deprivation rows from any edition but IMD 2025).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["RETURN_COLUMNS", "return_rows"]

RETURN_COLUMNS = [
    "indicator",
    "area_code",
    "period",
    "breakdown",
    "category",
    "numerator",
    "denominator",
    "lsoa_vintage",
    "imd_version",
]
LSOA_VINTAGE = {2025: "2021", 2019: "2011"}


def _count(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def return_rows(
    frame: pd.DataFrame,
    *,
    indicator: str,
    area: str,
    period: str,
    numerator: str,
    denominator: str,
    level: str,
    by: list[str],
) -> pd.DataFrame:
    """One row per category of the deprivation breakdown and of each ``by`` column, and the
    overall total, from :func:`equityhub.stats.aggregate.aggregate` output.

    Categories with no denominator are left out (a rate of nothing is no figure); rows whose
    LSOA code was missing form the "Unknown" deprivation category.
    """
    column = f"imd_{level}"
    release = int(frame["imd"].dropna().iloc[0]) if frame["imd"].notna().any() else 2025
    groups: list[tuple[str, pd.Series]] = [
        (
            f"deprivation_{level}",
            frame[column].map(lambda d: "Unknown" if pd.isna(d) else str(int(d))),
        )
    ]
    groups += [(name, frame[name].astype(str)) for name in by]
    rows: list[dict[str, object]] = [
        {
            "breakdown": "overall",
            "category": "Total",
            "numerator": frame[numerator].sum(),
            "denominator": frame[denominator].sum(),
        }
    ]
    for breakdown, keys in groups:
        summed = frame[[numerator, denominator]].groupby(keys, sort=False).sum()
        for category, counts in summed.iterrows():
            if counts[denominator] > 0:
                rows.append(
                    {
                        "breakdown": breakdown,
                        "category": category,
                        "numerator": counts[numerator],
                        "denominator": counts[denominator],
                    }
                )
    out = pd.DataFrame(rows)
    out["numerator"] = out["numerator"].map(_count)
    out["denominator"] = out["denominator"].map(_count)
    out.insert(0, "period", period)
    out.insert(0, "area_code", area)
    out.insert(0, "indicator", indicator)
    out["lsoa_vintage"] = LSOA_VINTAGE.get(release, "")
    out["imd_version"] = str(release)
    return out[RETURN_COLUMNS]
