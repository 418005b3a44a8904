"""DataFrame front end shared by the grouped functions: pandas or polars in, the same kind out.

Frames are read and built through narwhals (:mod:`equityhub.stats._native`), one code path for
every library.

Grouping is done once, without a Python loop per group: every ``by`` column is factorised into
sorted integer codes, the codes are combined into one group code per row, and sums per group are
taken with :func:`numpy.bincount`. Groups come out sorted by their key values (as dplyr's
``group_by`` orders them); a missing key value is a group of its own.

Typical use in a grouped method::

    groups = group_rows(df, by)
    x = groups.sum(numeric_column(df, numerator, field="numerator"))
    ...
    return groups.to_frame({"value": value, ...})
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats import _native
from equityhub.stats._checks import as_float_array, refuse_where

if TYPE_CHECKING:
    import polars as pl
from equityhub.stats._group_codes import (
    KeySlots,
    codes_from_labels,
    key_codes,
    key_slots,
    key_slots_summing,
    positions_within,
    spread_per_band,
)
from equityhub.stats.results import IntervalResult
from equityhub.stats.shapes import check_shape, limit_names, shape_columns

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
FrameKind = Literal["pandas", "polars"]
#: A pandas or polars DataFrame: the grouped functions give back the kind they are given.
DataFrameT = TypeVar("DataFrameT", "pd.DataFrame", "pl.DataFrame")

__all__ = [
    "DataFrameT",
    "Groups",
    "codes_from_labels",
    "column_names",
    "column_or_vector",
    "confidence_label",
    "frame_kind",
    "group_rows",
    "group_rows_summing",
    "lookup_per_group",
    "make_frame",
    "numeric_column",
    "positions_within",
    "raw_column",
    "result_to_frame",
    "spread_per_band",
    "take_rows",
    "with_columns",
]


def frame_kind(df: object) -> FrameKind:
    """``"pandas"`` or ``"polars"``; TypeError for anything else."""
    if isinstance(df, pd.DataFrame):
        return "pandas"
    module = type(df).__module__
    if module.startswith("polars") and type(df).__name__ == "DataFrame":
        return "polars"
    raise TypeError(f"data: expected a pandas or polars DataFrame, got {type(df).__name__}")


def column_names(df: object) -> list[str]:
    """The column names of a pandas or polars DataFrame."""
    return _native.column_names(df)


def raw_column(df: object, name: str, *, field: str) -> npt.NDArray[Any]:
    """A column as a numpy array, with an error naming the option when it is absent."""
    if not isinstance(name, str):
        raise TypeError(f"{field}: give a column name, got {type(name).__name__}")
    return _native.column_array(df, name, field=field)


def numeric_column(df: object, name: str, *, field: str) -> FloatArray:
    """A column as float64 (missing values become NaN), naming the field when not numeric."""
    values = raw_column(df, name, field=field)
    if values.dtype.kind in "biuf":
        return values.astype(np.float64, copy=False)
    try:
        return pd.to_numeric(pd.Series(values), errors="raise").to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{field}: column {name!r} must hold numbers") from None


@dataclasses.dataclass(frozen=True)
class Groups:
    """Rows of a DataFrame split into groups by key columns.

    Attributes
    ----------
    by : tuple of str
        The key columns.
    slots : KeySlots
        The group of each row as slot numbers, and the slots in use (see
        :class:`equityhub.stats._group_codes.KeySlots`); sums are taken over them directly.
    source : DataFrame
        The input frame, whose kind the outputs follow.
    known_keys : mapping of str to ndarray, optional
        The key values of each group when grouping found them already (small integer keys);
        otherwise they are read from each group's first row when first needed.
    """

    by: tuple[str, ...]
    slots: KeySlots
    source: Any  # the caller's pandas or polars frame, whose kind the outputs follow
    known_keys: Mapping[str, npt.NDArray[Any]] | None = None

    @property
    def n_groups(self) -> int:
        """The number of groups."""
        return self.slots.n_groups

    @functools.cached_property
    def codes(self) -> IntArray:
        """The group of each row, 0..n_groups-1, in sorted key order."""
        return self.slots.codes()

    @functools.cached_property
    def first_row(self) -> IntArray:
        """For each group, the position of its first row."""
        first = np.full(self.n_groups, self.n_rows, dtype=np.intp)
        np.minimum.at(first, self.codes, np.arange(self.n_rows, dtype=np.intp))
        return first

    @property
    def n_rows(self) -> int:
        return len(self.slots.slots)

    def sum(self, values: npt.ArrayLike) -> FloatArray:
        """Sum of ``values`` in each group (NaN propagates, as in a plain sum)."""
        return self.slots.sum(np.asarray(values, dtype=np.float64))

    def count(self, mask: npt.ArrayLike | None = None) -> FloatArray:
        """Number of rows in each group (or of rows where ``mask`` is true)."""
        return self.slots.sum(None if mask is None else np.asarray(mask, dtype=np.float64))

    def any(self, mask: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Whether any row of each group has ``mask`` true."""
        return self.count(mask) > 0

    def broadcast(self, per_group: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """Spread one value per group back onto the rows."""
        return np.asarray(per_group)[self.codes]

    def keys(self) -> dict[str, npt.NDArray[Any]]:
        """The key values of each group, one array per key column."""
        if self.known_keys is not None:
            return dict(self.known_keys)
        return {name: raw_column(self.source, name, field="by")[self.first_row] for name in self.by}

    def describe(self, group: int) -> str:
        """Human wording of one group for error messages: ``group area='E01', year=2020``."""
        if not self.by:
            return "all rows"
        parts = []
        for name, values in self.keys().items():
            key = values[group]
            parts.append(f"{name}={key.item() if isinstance(key, np.generic) else key!r}")
        return "group " + ", ".join(parts)

    def describe_row(self, row: int) -> str:
        """Wording of one row for error messages: its position and its group."""
        return f"row {row} ({self.describe(int(self.codes[row]))})"

    def to_frame(self, columns: Mapping[str, npt.ArrayLike]) -> Any:
        """One row per group: the key columns, then ``columns``, as the input's frame kind."""
        if self.known_keys is not None:
            return _native.build(columns, like=self.source, key_values=self.known_keys)
        if not self.by:
            return _native.build(columns, like=self.source)
        keys = _native.rows(self.source, self.first_row, names=self.by)
        return _native.build(columns, like=self.source, keys=keys)


def _as_by(by: str | Sequence[str] | None) -> tuple[str, ...]:
    if by is None:
        return ()
    if isinstance(by, str):
        return (by,)
    names = tuple(by)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"by: column names must be strings, got {name!r}")
    return names


def group_rows(df: object, by: str | Sequence[str] | None) -> Groups:
    """Factorise the ``by`` columns of ``df`` into one integer group code per row.

    With no ``by`` columns all rows are one group. Codes are combined column by column and
    re-factorised after each column (sorted, so group order follows the key values), so any
    number of key columns works without overflow.
    """
    names = _as_by(by)
    n_rows = _native.row_count(df)
    if n_rows == 0:
        raise ValueError("data: there are no rows to summarise")
    if not names:
        return Groups(by=names, slots=KeySlots(np.zeros(n_rows, dtype=np.intp), 1), source=df)
    found = key_slots(raw_column(df, names[0], field="by"))
    known = None if found.keys is None or len(names) > 1 else {names[0]: found.keys}
    for name in names[1:]:
        codes, n_levels, _ = key_codes(raw_column(df, name, field="by"))
        found = key_slots(found.codes().astype(np.int64) * n_levels + codes)
    return Groups(by=names, slots=found, source=df, known_keys=known)


def group_rows_summing(
    df: object, by: str | Sequence[str] | None, occupancy: FloatArray
) -> tuple[Groups, FloatArray]:
    """:func:`group_rows`, and the sum per group of a column that no row has at zero.

    Denominators checked above zero are such a column. With one key column of small integers
    the groups in use are then read off that sum instead of a pass of their own (see
    :func:`~equityhub.stats._group_codes.key_slots_summing`); otherwise this is
    :func:`group_rows` followed by :meth:`Groups.sum`.
    """
    names = _as_by(by)
    if len(names) != 1 or _native.row_count(df) == 0:
        groups = group_rows(df, by)
        return groups, groups.sum(occupancy)
    found, sums = key_slots_summing(raw_column(df, names[0], field="by"), occupancy)
    known = None if found.keys is None else {names[0]: found.keys}
    return Groups(by=names, slots=found, source=df, known_keys=known), sums


def make_frame[FrameT: (pd.DataFrame, pl.DataFrame)](
    columns: Mapping[str, npt.ArrayLike], *, like: FrameT
) -> FrameT:
    """Build a DataFrame of the same kind as ``like`` from ``{name: array}``."""
    return _native.build(columns, like=like)


def with_columns[FrameT: (pd.DataFrame, pl.DataFrame)](
    df: FrameT, columns: Mapping[str, npt.ArrayLike]
) -> FrameT:
    """The input rows with ``columns`` added (or replaced), as the input's frame kind.

    A column may be an array (one value per row) or a single value for every row.
    """
    return _native.with_columns(df, columns)


def result_to_frame(
    groups: Groups,
    result: IntervalResult,
    *,
    rename: Mapping[str, str] | None = None,
    first: Sequence[str] = (),
    extra: Mapping[str, npt.ArrayLike] | None = None,
    exclude: Sequence[str] = (),
    type: str = "full",
    names: str = "equityhub",
) -> Any:
    """One row per group from a vectorised result: keys, ``first`` fields, the rest, ``extra``.

    Fields named in ``exclude`` are left out. Scalars (a ``statistic`` label) are repeated on
    every row. A ``confidence`` column labels the levels (``"95%"`` or ``"95%, 99.8%"``) when
    the result has limits. ``type`` and ``names`` shape the output (see
    :mod:`equityhub.stats.shapes`).
    """
    check_shape(type, names)
    fields = {k: v for k, v in result.to_dict().items() if k not in exclude}
    phe = limit_names(result.confidence, "phe")
    ours = limit_names(result.confidence, names)
    limit_rename = {old: new for (_, *olds), (_, *news) in zip(phe, ours, strict=True)
                    for old, new in zip(olds, news, strict=True)}  # fmt: skip
    ordered = {name: fields.pop(name) for name in first if name in fields}
    for name, values in fields.items():
        if name == "statistic" and result.confidence:
            ordered["confidence"] = confidence_label(result.confidence)
        ordered[limit_rename.get(name, name)] = values
    if result.confidence and "confidence" not in ordered:
        ordered["confidence"] = confidence_label(result.confidence)
    ordered.update(extra or {})
    columns = {(rename or {}).get(name, name): values for name, values in ordered.items()}
    keep = shape_columns(list(columns), type=type, levels=result.confidence, names=names)
    return groups.to_frame({name: columns[name] for name in keep})


def confidence_label(levels: Sequence[float]) -> str:
    """``"95%"`` or ``"95%, 99.8%"``, as the reference labels its confidence column."""
    return ", ".join(f"{level * 100:.10g}%" for level in levels)


def lookup_per_group(groups: Groups, table: object, column: str, *, field: str) -> FloatArray:
    """One number per group, joined from ``table`` (pandas or polars) on the ``by`` columns."""
    keys = pd.DataFrame(groups.keys())
    names = (*groups.by, column)
    lookup = pd.DataFrame({name: raw_column(table, name, field=field) for name in names})
    if groups.by and lookup.duplicated(list(groups.by)).any():
        raise ValueError(f"{field}: each group must appear once")
    joined = keys.merge(lookup, how="left", on=list(groups.by)) if groups.by else lookup
    values = pd.to_numeric(joined[column], errors="coerce").to_numpy(dtype=np.float64)
    if len(values) != groups.n_groups:
        raise ValueError(f"{field}: expected {groups.n_groups} rows, got {len(values)}")
    refuse_where(
        np.isnan(values),
        field=field,
        problem="no number for a group",
        values=values,
        where=groups.describe,
    )
    return values


def column_or_vector(df: object, spec: str | npt.ArrayLike, *, field: str) -> FloatArray:
    """A numeric column when ``spec`` is a column name, else ``spec`` itself as floats."""
    if isinstance(spec, str):
        return numeric_column(df, spec, field=field)
    return as_float_array(spec, field)


def take_rows[FrameT: (pd.DataFrame, pl.DataFrame)](df: FrameT, mask: npt.ArrayLike) -> FrameT:
    """The rows of ``df`` where ``mask`` is true, as the input's frame kind."""
    return _native.rows(df, np.flatnonzero(np.asarray(mask, dtype=bool)))
