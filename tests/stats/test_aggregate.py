"""Counts by IMD decile/quintile from record- or LSOA-level rows (equityhub.stats.aggregate)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.aggregate import aggregate, imd_lookup

# IMD 2025 deciles of 2021 LSOAs, from the shipped lookup (MHCLG English Indices of Deprivation
# 2025, File 7): E01000001 City of London 001A is decile 8, E01000002 decile 10.
CITY_001A, CITY_001B = "E01000001", "E01000002"
ONLY_2011 = "E01000010"  # a 2011 LSOA that was split in 2021
ONLY_2021 = "E01033769"  # a 2021 LSOA that did not exist in 2011


def test_shipped_lookups_are_complete() -> None:
    imd2025, imd2019 = imd_lookup(2025), imd_lookup(2019)
    assert len(imd2025) == 33755 and len(imd2019) == 32844
    assert list(imd2025.columns) == ["lsoa_code", "imd_rank", "imd_decile"]
    assert imd2025["imd_decile"].value_counts().between(3375, 3376).all()
    assert imd2025.loc[imd2025["lsoa_code"] == CITY_001A, "imd_decile"].item() == 8
    # IMD 2019 File 1: E01000001 rank 29,199, decile 9.
    assert imd2019.loc[imd2019["lsoa_code"] == CITY_001A, "imd_rank"].item() == 29199
    with pytest.raises(ValueError, match="imd: 2015 is not a shipped release"):
        imd_lookup(2015)


def test_record_rows_counted_by_decile_with_every_decile_present() -> None:
    records = pd.DataFrame({"lsoa_code": [CITY_001A, CITY_001A, CITY_001B]})
    out = aggregate(records)
    assert list(out.columns) == ["imd", "imd_decile", "core20", "count"]
    assert out["imd_decile"].tolist() == list(range(1, 11))
    assert out["count"].tolist() == [0] * 7 + [2, 0, 1]
    assert out["core20"].tolist() == [True, True] + [False] * 8
    assert (out["imd"] == 2025).all()


def test_lsoa_rows_with_counts_and_breakdowns_by_quintile() -> None:
    rows = pd.DataFrame(
        {
            "lsoa": [CITY_001A, CITY_001B, CITY_001A, CITY_001B],
            "sex": ["F", "F", "M", "M"],
            "deaths": [3, 4, 5, 6],
            "population": [100, 200, 300, 400],
        }
    )
    out = aggregate(
        rows, lsoa="lsoa", by=["sex"], counts=["deaths", "population"], level="quintile"
    )
    assert list(out.columns) == ["sex", "imd", "imd_quintile", "core20", "deaths", "population"]
    assert len(out) == 10
    female = out[out["sex"] == "F"].set_index("imd_quintile")
    assert female.loc[4, "deaths"] == 3 and female.loc[5, "deaths"] == 4
    assert female.loc[1, "deaths"] == 0 and bool(female.loc[1, "core20"])
    assert out["deaths"].sum() == 18 and out["population"].sum() == 1000


def test_quintile_is_ceil_of_half_the_decile() -> None:
    lookup = imd_lookup(2025).sample(200, random_state=1)
    deciles = aggregate(lookup.rename(columns={"imd_decile": "d"})[["lsoa_code"]])
    quintiles = aggregate(lookup[["lsoa_code"]], level="quintile")
    expected = deciles.groupby((deciles["imd_decile"] + 1) // 2)["count"].sum()
    assert quintiles.set_index("imd_quintile")["count"].to_dict() == expected.to_dict()


def test_missing_codes_are_an_unknown_row() -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A, None, " ", f" {CITY_001B.lower()} "]})
    out = aggregate(rows)
    assert len(out) == 11
    last = out.iloc[-1]
    assert pd.isna(last["imd_decile"]) and pd.isna(last["core20"]) and last["count"] == 2
    assert out["count"].sum() == 4


def test_vintage_detected_from_codes() -> None:
    old = aggregate(pd.DataFrame({"lsoa_code": [ONLY_2011, CITY_001A]}))
    assert (old["imd"] == 2019).all()
    new = aggregate(pd.DataFrame({"lsoa_code": [ONLY_2021, CITY_001A]}))
    assert (new["imd"] == 2025).all()
    shared = aggregate(pd.DataFrame({"lsoa_code": [CITY_001A]}), imd=2019)
    # IMD 2019: E01000001 decile 9.
    assert shared.loc[shared["count"] == 1, "imd_decile"].item() == 9


def test_mixed_vintages_refused_naming_rows() -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A, ONLY_2021, ONLY_2011]})
    with pytest.raises(ValueError, match=r"mixes LSOA vintages — 2021-only codes at row 1"):
        aggregate(rows)


def test_unknown_codes_named_with_rows() -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A, "W01000001", "E0100000X"] + ["W01"] * 6})
    with pytest.raises(ValueError) as error:
        aggregate(rows)
    message = str(error.value)
    assert "8 code(s) are not 2021 LSOAs in England (IMD 2025)" in message
    assert "row 1 ('W01000001'), row 2 ('E0100000X')" in message
    assert "and 3 more" in message
    with pytest.raises(ValueError, match=r"\(some are 2011 LSOA codes\): row 0 \('E01000010'\)"):
        aggregate(pd.DataFrame({"lsoa_code": [ONLY_2011]}), imd=2025)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lsoa": "nope"}, "lsoa: column 'nope' is not in the data"),
        ({"by": ["lsoa_code"]}, "grouping by it would publish LSOA rows"),
        ({"counts": ["n"], "level": "tertile"}, "level: 'tertile'"),
        ({"by": ["count"]}, "clashes with an output column"),
        ({"imd": 2010}, "imd: 2010 is not a shipped release"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A], "n": [1], "count": [1]})
    with pytest.raises(ValueError, match=message):
        aggregate(rows, **options)  # type: ignore[arg-type]


def test_bad_counts_name_row_and_column() -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A, CITY_001B], "n": [1, -2]})
    with pytest.raises(ValueError, match=r"row 1, column 'n': negative count"):
        aggregate(rows, counts=["n"])
    rows["n"] = [1, None]
    with pytest.raises(ValueError, match=r"row 1, column 'n': missing value"):
        aggregate(rows, counts=["n"])


def test_polars_matches_pandas() -> None:
    rng = np.random.default_rng(7)
    codes = imd_lookup(2025)["lsoa_code"].to_numpy()[rng.integers(0, 33755, 2000)]
    sex = rng.choice(["F", "M", "U"], 2000)
    n = rng.integers(0, 9, 2000)
    pandas_out = aggregate(
        pd.DataFrame({"lsoa_code": codes, "sex": sex, "n": n}), by=["sex"], counts=["n"]
    )
    polars_out = aggregate(
        pl.DataFrame({"lsoa_code": codes.tolist(), "sex": sex.tolist(), "n": n}),
        by=["sex"],
        counts=["n"],
    )
    assert isinstance(polars_out, pl.DataFrame)
    assert polars_out.to_dict(as_series=False) == {
        k: [None if pd.isna(v) else v for v in pandas_out[k].tolist()] for k in pandas_out.columns
    }
    assert pandas_out["n"].sum() == n.sum()


def test_never_emits_record_rows() -> None:
    rows = pd.DataFrame({"lsoa_code": [CITY_001A] * 50, "id": range(50)})
    out = aggregate(rows)
    assert len(out) == 10 and "id" not in out.columns
