"""Matching a standard population to the rows of a directly standardised rate, by age band.

A standard population given as one value per row needs no matching. One given per band is matched
in one of two ways:

- with band labels (a :class:`pandas.Series` or mapping indexed by label, as
  :func:`~equityhub.stats.standardised.standard_population` gives) and an age band per row: by
  label, so row order does not matter. Labels are compared by the age they start at
  (``"0-4"``, ``"00-04"`` and ``"0 to 4"`` are one band; ``"90+"`` is an open band at 90).
- as a bare vector: by position within each group, as PHEindicatormethods does. When the rows
  carry age bands, each group's bands must then come in ascending age order (or, where the labels
  name no ages, in the same order in every group); anything else is refused, because a shuffled
  group would silently get the wrong weights.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._checks import FloatArray, Locator, as_float_array
from equityhub.stats.frame import positions_within, spread_per_band

IntArray = npt.NDArray[np.intp]
_AGES = re.compile(r"\d+")

__all__ = ["band_key", "check_band_order", "is_labelled", "per_row_standard"]


def band_key(label: object) -> str:
    """The band a label names, as a comparable key: its first age, with ``+`` if open-ended.

    Bands are told apart by the age they start at, so ``"0-4"``, ``"00-04"`` and ``"0 to 4"``
    are one band (and a mistyped upper age does not matter); an open band (``"90+"``,
    ``"85 and over"``) never matches a closed one starting at the same age. A label naming no
    age (``"unknown"``) keeps its own text.

    >>> band_key("00-04"), band_key("90+"), band_key("85 and over"), band_key("all")
    ('0', '90+', '85+', 'all')
    >>> band_key("<1"), band_key("Under 5")
    ('0', '0')
    """
    text = str(label).strip()
    ages = _AGES.findall(text)
    if not ages:
        return text
    if text.startswith("<") or text.lower().startswith("under"):
        return "0"  # "<1", "under 5": the first band, from birth
    start = str(int(ages[0]))
    return start + "+" if len(ages) == 1 and not text.isdigit() else start


def _start_age(key: str) -> float:
    match = _AGES.match(key)
    return float(match.group()) if match else np.nan


def is_labelled(stdpop: object) -> bool:
    """Whether a standard population carries band labels (a Series or a mapping)."""
    return isinstance(stdpop, pd.Series | Mapping)


def _labelled(stdpop: object) -> dict[str, float] | None:
    """``{band key: population}`` for a labelled standard population, else ``None``."""
    pairs: list[tuple[object, float]]
    if isinstance(stdpop, pd.Series):
        pairs = list(zip(stdpop.index.tolist(), stdpop.to_numpy(dtype=np.float64), strict=True))
    elif isinstance(stdpop, Mapping):
        pairs = list(stdpop.items())
    else:
        return None
    table: dict[str, float] = {}
    for label, value in pairs:
        key = band_key(label)
        if key in table:
            raise ValueError(f"stdpop: band {label!r} is given twice")
        table[key] = float(value)
    return table


def _by_label(
    table: dict[str, float], bands: npt.NDArray[np.object_], where: Locator
) -> FloatArray:
    keys = np.array([band_key(label) for label in bands], dtype=object)
    unknown = [i for i, key in enumerate(keys) if key not in table]
    if unknown:
        row = unknown[0]
        raise ValueError(
            f"stdpop: no standard population for age band {bands[row]!r} at {where(row)} "
            f"(bands: {', '.join(table)})"
        )
    return np.array([table[key] for key in keys], dtype=np.float64)


def check_band_order(bands: npt.ArrayLike, codes: IntArray, n_groups: int, where: Locator) -> None:
    """Refuse groups whose age bands are not in ascending (or, unnamed, consistent) order."""
    labels = np.asarray(bands, dtype=object)
    keys = np.array([band_key(label) for label in labels], dtype=object)
    starts = np.array([_start_age(key) for key in keys])
    position = positions_within(codes, n_groups)
    if np.isnan(starts).any():
        # No ages to compare: every group must list its bands as the first group does.
        first_group = keys[codes == codes[0]]
        known = position < len(first_group)
        wrong = ~known | (keys != first_group[np.minimum(position, len(first_group) - 1)])
    else:
        previous = np.full(len(codes), -np.inf)
        order = np.argsort(codes, kind="stable")
        later = position[order] > 0
        previous[order[1:][later[1:]]] = starts[order[:-1]][later[1:]]
        wrong = starts < previous
    hits = np.flatnonzero(wrong)
    if hits.size:
        row = int(hits[0])
        raise ValueError(
            f"stdpop: a vector is matched to the rows by position, but the age bands of "
            f"{where(row)} are not in ascending order (band {labels[row]!r}); sort "
            "the rows by age band, or give the standard population with band labels"
        )


def per_row_standard(
    stdpop: object,
    *,
    codes: IntArray,
    n_groups: int,
    bands: npt.ArrayLike | None,
    where: Locator,
) -> FloatArray:
    """The standard population of each row: as given, matched by band label, or by position.

    ``codes`` are the groups within which a bare vector is matched by position (for
    non-independent events, one group per area and event frequency, as the reference does).
    """
    table = _labelled(stdpop)
    if table is not None:
        if bands is None:
            stdpop = np.array(list(table.values()), dtype=np.float64)
        else:
            return _by_label(table, np.asarray(bands, dtype=object), where)
    vector = as_float_array(stdpop, "stdpop")  # type: ignore[arg-type]
    if bands is not None and len(vector) != len(codes):
        check_band_order(bands, codes, n_groups, where)
    return spread_per_band(vector, "stdpop", codes, n_groups, where)
