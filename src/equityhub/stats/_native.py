"""Reading and building DataFrames of whatever kind the caller gave, through narwhals.

Every grouped function takes a pandas or polars DataFrame (or another eager frame narwhals
reads, such as a pyarrow table) and gives back the same kind. This module is the only place that
touches the frames: it reads columns as numpy arrays and builds results from numpy arrays, one
code path for every library. Two differences between the libraries are smoothed here: a missing
float is NaN in pandas and null in polars (NaN is turned into null for the null-aware libraries),
and pandas keeps row labels after a selection (results always get a fresh 0..n-1 index). A
pandas result is handed to pandas in one constructor call (the columns, order and types the
general path gives), which is several times faster on results of many rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["build", "column_array", "column_names", "eager", "row_count", "with_columns"]

NwFrame = nw.DataFrame[Any]


def eager(df: object) -> NwFrame:
    """``df`` as a narwhals frame; TypeError naming what was given when it is not a DataFrame."""
    if isinstance(df, nw.DataFrame):
        return df
    try:
        return nw.from_native(df, eager_only=True)
    except TypeError:
        raise TypeError(
            f"data: expected a pandas or polars DataFrame, got {type(df).__name__}"
        ) from None


def column_names(df: object) -> list[str]:
    """The column names of the frame."""
    return [str(name) for name in eager(df).columns]


def row_count(df: object) -> int:
    """The number of rows of the frame."""
    return len(eager(df))


def column_array(df: object, name: str, *, field: str) -> npt.NDArray[Any]:
    """One column as a numpy array (missing values as NaN or None, as the library gives).

    ValueError naming ``field`` (the option) and the columns there are when it is absent.
    """
    frame = eager(df)  # once: narwhals' own checks on each wrapping are not free
    names = [str(column) for column in frame.columns]
    if name not in names:
        raise ValueError(f"{field}: column {name!r} is not in the data (columns: {names})")
    return np.asarray(frame.get_column(name).to_numpy())


def _native_values(name: str, values: npt.ArrayLike, like: NwFrame) -> Any:
    """Column values ready for ``like``'s library: numpy for pandas, a native series otherwise."""
    array = np.asarray(values)
    implementation = like.implementation
    if implementation.is_pandas_like():
        return array  # pandas takes numpy arrays as they are (NaN is its missing value)
    if array.dtype.kind in "OU":  # text: a list with None for missing, so it is not an object
        items = array.tolist()
        # Missing values (None, NaN) found in one vectorised pass, not one call per item:
        # on 100,000 labels that is a quarter of the time.
        for position in np.flatnonzero(pd.isna(array)).tolist():
            items[position] = None
        return nw.new_series(name, items, backend=implementation).to_native()
    series = nw.new_series(name, array, backend=implementation)
    return (series.fill_nan(None) if array.dtype.kind == "f" else series).to_native()


def _scalar(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _frame_of(columns: Mapping[str, Any], like: NwFrame) -> NwFrame:
    """A frame of these native columns (side by side, by position) in ``like``'s library."""
    return nw.from_dict(dict(columns), backend=like.implementation)


def build(
    columns: Mapping[str, Any],
    *,
    like: object,
    keys: object = None,
    key_values: Mapping[str, npt.NDArray[Any]] | None = None,
) -> Any:
    """A new frame of the kind of ``like``: ``keys`` columns first, then ``columns`` in order.

    ``columns`` hold arrays (one value per row) or single values for every row. The keys are
    either a frame of key rows (``keys``) or key values typed as ``like``'s columns
    (``key_values``).
    """
    source = eager(like)
    if source.implementation is nw.Implementation.PANDAS:
        direct = _pandas_build(columns, source.to_native(), keys=keys, key_values=key_values)
        if direct is not None:
            return direct
    native: dict[str, Any] = {}
    if key_values is not None:
        for name, values in key_values.items():
            dtype = source.get_column(name).dtype  # the key keeps the type it had
            key = nw.new_series(name, values, dtype=dtype, backend=source.implementation)
            native[name] = key.to_native()
    arrays = {name: v for name, v in columns.items() if np.ndim(v) > 0}
    scalars = {name: _scalar(v) for name, v in columns.items() if np.ndim(v) == 0}
    native.update({name: _native_values(name, v, source) for name, v in arrays.items()})
    frame = _frame_of(native, source)
    if keys is not None:
        frame = nw.concat([nw.maybe_reset_index(eager(keys)), frame], how="horizontal")
    order = [*frame.columns, *(name for name in columns if name not in frame.columns)]
    if scalars:
        frame = frame.with_columns(*(nw.lit(value).alias(name) for name, value in scalars.items()))
    return frame.select(order).to_native()


def _pandas_build(
    columns: Mapping[str, Any],
    source: pd.DataFrame,
    *,
    keys: object,
    key_values: Mapping[str, npt.NDArray[Any]] | None,
) -> pd.DataFrame | None:
    """:func:`build` for pandas in one constructor call (the same columns, order and types).

    The general path costs several milliseconds a column on large results (each column is
    wrapped, broadcast and selected again); this one hands pandas the arrays at once. ``None``
    when the keys would not keep their type as they are, so the general path decides.
    """
    data: dict[str, Any] = {}
    if key_values is not None:
        for name, values in key_values.items():
            if source[name].dtype != np.asarray(values).dtype:
                return None
            data[name] = np.asarray(values)
    if keys is not None:
        key_frame = eager(keys).to_native()
        if not isinstance(key_frame, pd.DataFrame):
            return None
        data.update({str(name): key_frame[name].reset_index(drop=True) for name in key_frame})
    arrays = {name: np.asarray(v) for name, v in columns.items() if np.ndim(v) > 0}
    if set(arrays) & set(data) or not (arrays or data):
        return None
    data.update(arrays)
    # Single values come after the arrays, as the general path places them.
    data.update({name: _scalar(v) for name, v in columns.items() if np.ndim(v) == 0})
    return pd.DataFrame(data)


def with_columns(df: object, columns: Mapping[str, npt.ArrayLike]) -> Any:
    """The rows of ``df`` with ``columns`` added or replaced, as ``df``'s kind."""
    frame = nw.maybe_reset_index(eager(df))
    order = [*frame.columns, *(name for name in columns if name not in frame.columns)]
    added = [
        nw.new_series(name, _native_values(name, values, frame), backend=frame.implementation)
        if np.ndim(values) > 0
        else nw.lit(_scalar(values)).alias(name)
        for name, values in columns.items()
    ]
    return frame.with_columns(*added).select(order).to_native()


def rows(df: object, positions: npt.ArrayLike, *, names: Sequence[str] | None = None) -> Any:
    """The rows at ``positions`` (of the ``names`` columns, or all), with a fresh index."""
    frame = eager(df)
    if names is not None:
        frame = frame.select(list(names))
    return nw.maybe_reset_index(frame[np.asarray(positions, dtype=np.intp)]).to_native()
