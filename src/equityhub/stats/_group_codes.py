"""Integer group codes without a Python loop per group (used by :mod:`equityhub.stats.frame`).

Groups are numbered 0..k-1 in sorted key order. Small-range integer keys (deprivation deciles,
years, numeric area codes) take a counting path: one pass over the rows marks the key values
present, which is linear in the rows and needs no sort or hash table; each row keeps its
shifted key as a *slot*, and sums per group are taken over the slots and kept for the slots in
use, so the rows are renumbered only when dense codes are asked for. Anything else goes through
:func:`pandas.factorize` (a hash table, then the distinct keys sorted).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import FloatArray, Locator, as_float_array

IntArray = npt.NDArray[np.intp]

__all__ = [
    "KeySlots",
    "codes_from_labels",
    "key_codes",
    "key_slots",
    "key_slots_summing",
    "positions_within",
    "spread_per_band",
]

# The counting path allocates one slot per possible key value; beyond this many slots per row
# (sparse keys such as 9-digit codes) hashing is cheaper.
_SPAN_PER_ROW = 4


@dataclasses.dataclass(frozen=True)
class KeySlots:
    """One key column as slot numbers per row, and the slots in use in sorted key order.

    ``slots`` are the key values shifted to start at 0 (counting path) or dense codes (hashing
    path). Sums per group are a ``bincount`` over the slots, kept where ``used`` says: no
    second pass over the rows is needed to renumber them. ``used`` is ``None`` when the slots
    are already the codes 0..n_groups-1.
    """

    slots: IntArray
    n_groups: int
    used: IntArray | None = None
    keys: npt.NDArray[Any] | None = None
    """The sorted distinct keys, when the counting path found them (``None`` otherwise)."""

    def codes(self) -> IntArray:
        """Dense codes 0..n_groups-1 for every row (one pass over the rows when renumbering)."""
        if self.used is None:
            return self.slots
        numbering = np.zeros(int(self.used[-1]) + 1, dtype=np.intp)
        numbering[self.used] = np.arange(self.n_groups, dtype=np.intp)
        return numbering[self.slots]

    def sum(self, weights: npt.NDArray[np.float64] | None) -> npt.NDArray[np.float64]:
        """Sum of ``weights`` (or the number of rows) in each group, in group order."""
        if self.used is None:
            sums = np.bincount(self.slots, weights=weights, minlength=self.n_groups)
        else:
            sums = np.bincount(self.slots, weights=weights)[self.used]
        return sums.astype(np.float64, copy=False)


def key_slots(values: npt.NDArray[Any]) -> KeySlots:
    """Group slots for one key column; missing values form their own, last, group.

    Small-range integer keys take the counting path: one pass over the key range marks
    the values present, and the rows keep their shifted key as slot. Anything else is hashed
    by :func:`pandas.factorize` (distinct keys sorted).
    """
    shifted = _shifted_keys(values)
    if shifted is not None:
        slots, low, span = shifted
        present = np.zeros(span, dtype=bool)
        present[slots] = True  # marks in a small array: cheaper than counting
        return _counted(slots, np.flatnonzero(present), low, span, values.dtype)
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=False)
    return KeySlots(np.asarray(codes, dtype=np.intp), len(uniques))


def key_slots_summing(
    values: npt.NDArray[Any], occupancy: FloatArray
) -> tuple[KeySlots, FloatArray]:
    """:func:`key_slots` and the sum of ``occupancy`` per group, where no row's is zero.

    For the counting path this saves the pass that marks the slots in use: every row adds a
    non-zero amount (denominators already checked above zero; NaN is not zero either), so a
    slot holds rows exactly when its sum is not zero, and the sum is wanted anyway.
    """
    shifted = _shifted_keys(values)
    if shifted is None:
        found = key_slots(values)
        return found, found.sum(occupancy)
    slots, low, span = shifted
    full = np.bincount(slots, weights=occupancy, minlength=span)
    used = np.flatnonzero(full)
    found = _counted(slots, used, low, span, values.dtype)
    return found, full if found.used is None else full[used]


def _shifted_keys(values: npt.NDArray[Any]) -> tuple[IntArray, int, int] | None:
    """Integer keys as slots from 0 with their lowest key and span; ``None`` when too sparse."""
    if values.dtype.kind not in "iu" or not values.size:
        return None
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > _SPAN_PER_ROW * values.size + 1024:
        return None
    # A fresh array even when no shift is needed: bincounts over a DataFrame's own memory run
    # markedly slower (its columns alias in cache).
    return np.subtract(values, low, dtype=np.intp, casting="unsafe"), low, span


def _counted(
    slots: IntArray, used: IntArray, low: int, span: int, dtype: np.dtype[Any]
) -> KeySlots:
    """The counting path's :class:`KeySlots`: ``used`` kept only when some slots are empty."""
    keys = (used + low).astype(dtype, copy=False)
    return KeySlots(slots, len(used), None if len(used) == span else used, keys)


def key_codes(values: npt.NDArray[Any]) -> tuple[IntArray, int, npt.NDArray[Any] | None]:
    """Sorted codes for one key column, their number, and the sorted distinct keys when known.

    Missing values form their own, last, code. The distinct keys are returned only by the
    counting path (``None`` otherwise), so callers can skip looking them up from the rows.
    """
    found = key_slots(values)
    return found.codes(), found.n_groups, found.keys


def positions_within(codes: IntArray, n_groups: int) -> IntArray:
    """Position of each row within its group (0, 1, 2... in row order), without a loop."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.searchsorted(sorted_codes, np.arange(n_groups))
    positions = np.empty(len(codes), dtype=np.intp)
    positions[order] = np.arange(len(codes)) - starts[sorted_codes]
    return positions


def codes_from_labels(labels: npt.ArrayLike | None, length: int) -> tuple[IntArray, int]:
    """Integer group codes (sorted label order) for row labels; one group when ``None``.

    Codes that are already dense (0..k-1, every one used, as :func:`group_rows` makes them) are
    used as they are.
    """
    if labels is None:
        return np.zeros(length, dtype=np.intp), 1
    array = np.asarray(labels).reshape(-1)
    if len(array) != length:
        raise ValueError(f"groups: expected {length} labels, one per row, got {len(array)}")
    if length and array.dtype.kind in "iu" and array.min() >= 0:
        used = np.bincount(array)
        if used.all():
            return array.astype(np.intp, copy=False), len(used)
    codes, n_groups, _ = key_codes(array)
    return codes, n_groups


def spread_per_band(
    values: npt.ArrayLike, field: str, codes: IntArray, n_groups: int, where: Locator
) -> FloatArray:
    """A per-row array as is, or a per-band vector spread over each group by row position.

    Every group must then have exactly one row per band; the error names the first that
    does not.
    """
    vector = as_float_array(values, field)
    if len(vector) == len(codes):
        return vector
    sizes = np.bincount(codes, minlength=n_groups)
    wrong = np.flatnonzero(sizes != len(vector))
    if wrong.size:
        first_row = int(np.flatnonzero(codes == wrong[0])[0])
        raise ValueError(
            f"{field}: {len(vector)} values (one per age band) but {where(first_row)} is in a "
            f"group of {sizes[wrong[0]]} rows; every group needs one row per band"
        )
    return vector[positions_within(codes, n_groups)]
