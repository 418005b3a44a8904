"""Counts by deprivation decile or quintile from record- or LSOA-level rows.

:func:`aggregate` joins each row's Lower layer Super Output Area (LSOA) code to the Index of
Multiple Deprivation shipped with the package and adds up the rows (or named count columns) by
IMD decile or quintile and any other breakdown columns. It runs on the analyst's own machine, so
identifiable rows never need to leave it; it never returns a row per record or per LSOA.

Lookups (``equityhub/stats/data``, see ``SOURCES.md``):

* IMD 2025 on 2021 LSOAs (33,755 in England) — the default, for current NHS data;
* IMD 2019 on 2011 LSOAs (32,844) — for older data.

Decile 1 is the most deprived tenth of LSOAs in England; quintile = ceil(decile / 2); Core20 =
deciles 1–2 (the most deprived 20% nationally).

LSOA vintage. Most codes are the same in both vintages, but 2011 and 2021 each have codes the
other lacks. With ``imd=None`` the vintage is decided by which lookup contains every code: if all
codes are 2021 LSOAs, IMD 2025; otherwise, if all are 2011 LSOAs, IMD 2019. Codes found only in
2011 *and* codes found only in 2021 in one file are refused (mixed vintages): convert with the ONS
LSOA 2011 → 2021 lookup first. Codes in neither lookup (Welsh LSOAs, typos) are refused, naming the
rows; missing or blank codes are counted in an "unknown deprivation" row (empty decile).
"""

from __future__ import annotations

import functools
import gzip
import io
from collections.abc import Sequence
from importlib import resources
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats.frame import (
    DataFrameT,
    column_names,
    frame_kind,
    make_frame,
    numeric_column,
    raw_column,
)

__all__ = ["IMD_RELEASES", "aggregate", "imd_lookup"]

IMD_RELEASES = {2025: ("imd2025_lsoa21.csv.gz", "2021"), 2019: ("imd2019_lsoa11.csv.gz", "2011")}
_SLOTS = 1_000_000  # E01 + six digits
_MAX_NAMED = 5
Level = Literal["decile", "quintile"]
IntArray = npt.NDArray[np.int64]


def imd_lookup(release: int = 2025) -> pd.DataFrame:
    """The shipped lookup for one IMD release: ``lsoa_code``, ``imd_rank``, ``imd_decile``."""
    if release not in IMD_RELEASES:
        raise ValueError(f"imd: {release!r} is not a shipped release (2025 or 2019)")
    name = IMD_RELEASES[release][0]
    raw = resources.files("equityhub.stats").joinpath("data", name).read_bytes()
    return pd.read_csv(io.BytesIO(gzip.decompress(raw)), dtype={"lsoa_code": str})


@functools.cache
def _deciles_by_number(release: int) -> npt.NDArray[np.int8]:
    """Decile of each LSOA indexed by the six digits of its code (0 where there is none)."""
    table = imd_lookup(release)
    numbers = table["lsoa_code"].str.slice(3).astype(np.int64).to_numpy()
    dense = np.zeros(_SLOTS, dtype=np.int8)
    dense[numbers] = table["imd_decile"].to_numpy(dtype=np.int8)
    return dense


def aggregate(
    frame: DataFrameT,
    *,
    lsoa: str = "lsoa_code",
    by: Sequence[str] = (),
    counts: Sequence[str] = (),
    level: Level = "decile",
    imd: int | None = None,
) -> DataFrameT:
    """Add up rows by IMD decile (or quintile) and breakdown columns.

    Parameters
    ----------
    frame : pandas.DataFrame or polars.DataFrame
        Record-level rows (one per person or event) or LSOA-level rows with counts.
    lsoa : str
        Column with the LSOA code of each row (``E01...``).
    by : sequence of str
        Further breakdown columns (sex, age band, ethnicity, period...). Not the LSOA column.
    counts : sequence of str
        Count columns to add up (LSOA-level rows). Without them each row counts as one and the
        result has a ``count`` column.
    level : {"decile", "quintile"}
        Output deciles (``imd_decile``) or quintiles (``imd_quintile``).
    imd : {2025, 2019}, optional
        IMD release to use; by default detected from the codes (see the module notes).

    Returns
    -------
    DataFrame of the same kind
        One row per breakdown combination and decile/quintile — every decile appears, with zero
        counts where there are no rows — plus a row with an empty decile for rows without an LSOA
        code. Columns: the ``by`` columns, ``imd`` (release), ``imd_decile`` or
        ``imd_quintile``, ``core20`` (deciles 1–2), then the ``counts`` columns or ``count``.

    Raises
    ------
    ValueError
        Unknown LSOA codes (naming rows and codes), mixed vintages, missing or negative counts,
        or the LSOA column among ``by``.
    """
    kind = frame_kind(frame)
    by, counts = _check_options(frame, lsoa=lsoa, by=by, counts=counts, level=level)
    numbers = _lsoa_numbers(frame, lsoa)
    release = _choose_release(numbers, frame, lsoa, imd)
    deciles = np.where(numbers >= 0, _deciles_by_number(release)[np.maximum(numbers, 0)], 0)
    slots = (deciles + 1) // 2 if level == "quintile" else deciles.astype(np.int64)
    values = {name: _counts(frame, name) for name in counts}
    table = _group_sums(frame, kind, by, slots, values)
    table = _complete(table, by, level=level, n_slots=5 if level == "quintile" else 10)
    table.insert(len(by), "imd", release)
    out: Any = table if kind == "pandas" else make_frame(_columns(table), like=frame)
    return cast(DataFrameT, out)


def _check_options(
    frame: Any, *, lsoa: str, by: Sequence[str], counts: Sequence[str], level: str
) -> tuple[list[str], list[str]]:
    by_list = [by] if isinstance(by, str) else list(by)
    sum_list = [counts] if isinstance(counts, str) else list(counts)
    names = column_names(frame)
    for field, name in [
        ("lsoa", lsoa),
        *(("by", b) for b in by_list),
        *(("counts", s) for s in sum_list),
    ]:
        if name not in names:
            raise ValueError(f"{field}: column {name!r} is not in the data (columns: {names})")
    if lsoa in by_list:
        raise ValueError(f"by: {lsoa!r} is the LSOA column; grouping by it would publish LSOA rows")
    if level not in ("decile", "quintile"):
        raise ValueError(f"level: {level!r} is not 'decile' or 'quintile'")
    clash = sorted({*by_list, *sum_list} & {"imd", "imd_decile", "imd_quintile", "core20", "count"})
    if clash:
        raise ValueError(f"by/counts: column {clash[0]!r} clashes with an output column; rename it")
    return by_list, sum_list


def _lsoa_numbers(frame: Any, lsoa: str) -> IntArray:
    """Six-digit number of each English LSOA code; -1 for blank, -2 for anything else."""
    if frame_kind(frame) == "polars":
        return _polars_numbers(frame, lsoa)
    codes = raw_column(frame, lsoa, field="lsoa")
    numbers = _numpy_numbers(codes)
    for row in np.flatnonzero(numbers < 0):
        numbers[row] = _one_number(codes[row])
    return numbers


def _numpy_numbers(codes: npt.NDArray[Any]) -> IntArray:
    try:
        text = codes.astype("U10")
    except (TypeError, ValueError):
        return np.full(len(codes), -2, dtype=np.int64)
    chars = text.view(np.uint32).reshape(len(text), 10).astype(np.int64)
    digits = chars[:, 3:9] - ord("0")
    ok = (chars[:, 0] == ord("E")) & (chars[:, 1] == ord("0")) & (chars[:, 2] == ord("1"))
    ok &= (chars[:, 9] == 0) & ((digits >= 0) & (digits <= 9)).all(axis=1)
    numbers = digits @ np.array([100000, 10000, 1000, 100, 10, 1], dtype=np.int64)
    return np.where(ok, numbers, -2)


def _one_number(code: Any) -> int:
    if code is None or (isinstance(code, float) and np.isnan(code)) or code is pd.NA:
        return -1
    text = str(code).strip().upper()
    if not text:
        return -1
    if len(text) == 9 and text.startswith("E01") and text[3:].isdigit():
        return int(text[3:])
    return -2


def _polars_numbers(frame: Any, lsoa: str) -> IntArray:
    import polars as pl

    code = pl.col(lsoa).cast(pl.String)
    well_formed = code.str.starts_with("E01") & (code.str.len_bytes() == 9)
    parsed = pl.when(well_formed).then(code.str.slice(3).cast(pl.Int64, strict=False))
    numbers = frame.select(parsed.fill_null(-2).alias("n")).to_series().to_numpy()
    numbers = np.array(numbers, dtype=np.int64)
    odd = np.flatnonzero(numbers < 0)
    if odd.size:
        codes = frame.get_column(lsoa).gather(odd).to_list()
        numbers[odd] = [_one_number(value) for value in codes]
    return numbers


def _choose_release(numbers: IntArray, frame: Any, lsoa: str, imd: int | None) -> int:
    known = numbers >= 0
    safe = np.maximum(numbers, 0)
    in21 = known & (_deciles_by_number(2025)[safe] > 0)
    in11 = known & (_deciles_by_number(2019)[safe] > 0)
    if imd is None:
        only21, only11 = in21 & ~in11, in11 & ~in21
        if only21.any() and only11.any():
            raise ValueError(_mixed_message(frame, lsoa, only21, only11))
        imd = 2019 if only11.any() else 2025
    elif imd not in IMD_RELEASES:
        raise ValueError(f"imd: {imd!r} is not a shipped release (2025 or 2019)")
    found = in21 if imd == 2025 else in11
    unknown = (numbers != -1) & ~found
    if unknown.any():
        raise ValueError(_unknown_message(frame, lsoa, unknown, imd, in11 if imd == 2025 else in21))
    return imd


def _name_rows(frame: Any, lsoa: str, mask: npt.NDArray[np.bool_]) -> str:
    rows = np.flatnonzero(mask)
    codes = raw_column(frame, lsoa, field="lsoa")
    named = ", ".join(f"row {row} ({codes[row]!r})" for row in rows[:_MAX_NAMED])
    more = f" and {len(rows) - _MAX_NAMED} more" if len(rows) > _MAX_NAMED else ""
    return named + more


def _mixed_message(frame: Any, lsoa: str, only21: Any, only11: Any) -> str:
    return (
        f"column {lsoa!r}: mixes LSOA vintages — 2021-only codes at "
        f"{_name_rows(frame, lsoa, only21)}; 2011-only codes at {_name_rows(frame, lsoa, only11)}. "
        "Convert to one vintage with the ONS LSOA 2011 to 2021 lookup first"
    )


def _unknown_message(frame: Any, lsoa: str, unknown: Any, imd: int, other: Any) -> str:
    vintage = IMD_RELEASES[imd][1]
    hint = ""
    if (unknown & other).any():
        hint = f" (some are {IMD_RELEASES[2019 if imd == 2025 else 2025][1]} LSOA codes)"
    return (
        f"column {lsoa!r}: {int(unknown.sum())} code(s) are not {vintage} LSOAs in England "
        f"(IMD {imd}){hint}: {_name_rows(frame, lsoa, unknown)}"
    )


def _counts(frame: Any, name: str) -> npt.NDArray[np.float64]:
    values = numeric_column(frame, name, field="counts")
    for problem, mask in (("missing value", np.isnan(values)), ("negative count", values < 0)):
        rows = np.flatnonzero(mask)
        if rows.size:
            raise ValueError(f"row {rows[0]}, column {name!r}: {problem}")
    return values


def _group_sums(
    frame: Any,
    kind: str,
    by: list[str],
    slots: IntArray,
    values: dict[str, npt.NDArray[np.float64]],
) -> pd.DataFrame:
    """Sum per (by..., slot), as a small pandas frame; slot 0 = unknown deprivation."""
    sums = values or {"count": np.ones(len(slots))}
    if kind == "polars":
        import polars as pl

        extra = pl.DataFrame(
            [pl.Series("_slot", slots), *(pl.Series(k, v) for k, v in sums.items())]
        )
        data = pl.concat([frame.select(by), extra], how="horizontal") if by else extra
        grouped = data.group_by([*by, "_slot"]).agg(pl.col(list(sums)).sum())
        return pd.DataFrame(grouped.to_dict(as_series=False))
    data = pd.DataFrame({**{b: frame[b].to_numpy() for b in by}, "_slot": slots, **sums})
    keys = [*by, "_slot"]
    return (
        data.groupby(keys, sort=False, dropna=False, observed=True)[list(sums)].sum().reset_index()
    )


def _complete(table: pd.DataFrame, by: list[str], *, level: str, n_slots: int) -> pd.DataFrame:
    """Every decile/quintile for every breakdown combination seen; unknown rows only if any."""
    combos = table[by].drop_duplicates() if by else pd.DataFrame(index=[0])
    grid = combos.merge(pd.DataFrame({"_slot": np.arange(1, n_slots + 1)}), how="cross")
    full = grid.merge(table, on=[*by, "_slot"], how="left")
    value_columns = [c for c in table.columns if c not in (*by, "_slot")]
    full[value_columns] = full[value_columns].fillna(0)
    unknown = table[table["_slot"] == 0]
    full = pd.concat([full, unknown], ignore_index=True)
    full["_order"] = np.where(full["_slot"] == 0, n_slots + 1, full["_slot"])
    full = full.sort_values([*by, "_order"], kind="stable", na_position="last")
    full = full.drop(columns="_order").reset_index(drop=True)
    slot = full.pop("_slot").to_numpy()
    known = slot > 0
    core20 = slot == 1 if level == "quintile" else slot <= 2
    full.insert(len(by), f"imd_{level}", pd.Series(slot, dtype="Int64").where(known))
    full.insert(len(by) + 1, "core20", pd.Series(core20, dtype="boolean").where(known))
    for column in value_columns:
        if np.all(np.mod(full[column].to_numpy(dtype=float), 1) == 0):
            full[column] = full[column].astype(np.int64)
    return full


def _columns(table: pd.DataFrame) -> dict[str, Any]:
    return {
        name: table[name].astype(object).where(table[name].notna(), None).to_numpy()
        for name in table.columns
    }
