"""Disclosure control that holds against a reader who solves every published sum at once.

:func:`equityhub.stats.disclosure.suppress` makes sure no suppressed cell is the only unknown in
a published sum. A reader who combines several sums — a breakdown with its total, detailed
categories with the broad ones they nest in (deciles in quintiles, ethnic categories in ethnic
groups), organisations with their system, region and England — can still narrow a hidden count to
a range, sometimes to one value. :func:`protect_linked` closes that gap. It treats the published
table as the reader would: every published count is known, every suppressed count is an unknown
non-negative number, and every sum that holds in the data is an equation. For each suppressed
cell it finds the smallest and largest value consistent with all of them (two linear programmes
per cell, over the connected part of the system only), and while any suppressed cell's range is
narrower than the threshold it suppresses one more cell beside it: the smallest published count
in an equation with the exposed cell (ties broken by the cell's key, never by row order).

Cells the reader already knows — published earlier with the same count — are never chosen:
hiding them again protects nothing.

This follows the ONS and NHS Digital practice for linked tables (small-number suppression with
complementary suppression checked by an audit of the feasible intervals, as in τ-ARGUS); the
rule set and a worked example are in ``docs/indicators/disclosure.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.stats._feasible import binding_equations, hidden_ranges
from equityhub.stats._keys import codes_of, flags, inner_join, named, paired_codes

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

REASON = "secondary: stops a suppressed count being worked out from the published sums"

__all__ = ["REASON", "Sums", "exposed_cells", "feasible_ranges", "linked_sums", "protect_linked"]


@dataclass(frozen=True)
class Sums:
    """Equations ``parent = sum(children)`` between cells (row numbers of the table).

    ``cell[k]`` takes part in equation ``equation[k]`` with coefficient ``sign[k]`` (+1 for a
    child, −1 for the parent), so each equation reads ``sum(sign * count) == 0``.
    """

    cell: IntArray
    equation: IntArray
    sign: FloatArray

    @property
    def count(self) -> int:
        return int(self.equation.max(initial=-1)) + 1


def linked_sums(
    table: pd.DataFrame,
    *,
    count: str,
    within: Sequence[str],
    area: str,
    parent: str | None,
    breakdown: str,
    category: str,
    total: str,
    nested: Mapping[str, tuple[str, Mapping[str, str]]] | None = None,
) -> Sums:
    """Every sum a reader can form from the table, keeping only those that hold in the data.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per cell.
    count, within, area, parent, breakdown, category, total
        As for :func:`equityhub.stats.disclosure.suppress`.
    nested : mapping, optional
        ``{detailed breakdown: (broad breakdown, {detailed category: broad category})}``: each
        broad cell is the sum of its detailed cells (e.g. deciles in quintiles).
    """
    cells = table.reset_index(drop=True)
    keys = [*within, area]
    # Each equation set: (parent rows, child rows, what groups the children into one equation
    # besides the parent). Rows are matched on integer codes of their keys, in the order a
    # pandas inner merge gives (left rows in order, each with its matches in order).
    equations: list[tuple[IntArray, IntArray, list[npt.NDArray[np.object_]]]] = []
    columns = {name: cells[name].to_numpy(dtype=object) for name in {*keys, breakdown, category}}
    is_total = flags(cells[category] == total)
    totals, parts = np.flatnonzero(is_total), np.flatnonzero(~is_total)
    key_codes = codes_of([columns[k] for k in keys])
    child, parent_row = inner_join(key_codes[parts], key_codes[totals])
    child, parent_row = parts[child], totals[parent_row]
    equations.append(
        (parent_row, child, [*(columns[k][child] for k in keys), columns[breakdown][child]])
    )
    for detailed, (broad, mapping) in (nested or {}).items():
        detail = np.flatnonzero(flags(cells[breakdown] == detailed))
        broad_of = cells[category].iloc[detail].map(dict(mapping)).to_numpy(dtype=object)
        parents = np.flatnonzero(flags(cells[breakdown] == broad))
        left = [*(columns[k][detail] for k in keys), broad_of]
        right = [*(columns[k][parents] for k in keys), columns[category][parents]]
        child, parent_row = inner_join(*paired_codes(left, right))
        child, parent_row = detail[child], parents[parent_row]
        equations.append((parent_row, child, [parent_row.astype(object)]))
    if parent is not None:
        above = cells[parent].to_numpy(dtype=object)
        children = np.flatnonzero(named(cells[parent]))
        same = [*(columns[w] for w in within), columns[breakdown], columns[category]]
        left = [*(c[children] for c in same), above[children]]
        right = [*same, columns[area]]
        child, parent_row = inner_join(*paired_codes(left, right))
        child = children[child]
        equations.append((parent_row, child, [parent_row.astype(object)]))
    return _exact(_number(equations), cells[count].to_numpy(dtype=float))


def _number(equations: list[tuple[IntArray, IntArray, list[npt.NDArray[np.object_]]]]) -> Sums:
    """One equation per parent and grouping; the parent joins its children with sign −1.

    Equations are numbered in the order of their labels (the grouping and the parent's row as
    text, joined by ``|``); each distinct grouping's label is written once, not once a row.
    """
    cell, equation, sign = [], [], []
    offset = 0
    for parent_rows, child_rows, grouping in equations:
        if not len(child_rows):
            continue
        columns = [*grouping, parent_rows.astype(object)]
        _, first_row, inverse = np.unique(codes_of(columns), return_index=True, return_inverse=True)
        labels = np.array(_joined([column[first_row] for column in columns]), dtype=object)
        label_codes, uniques = pd.factorize(labels, sort=True)
        codes = label_codes[inverse.ravel()]
        first = np.unique(codes, return_index=True)[1]
        cell += [child_rows, parent_rows[first]]
        equation += [codes + offset, np.arange(len(uniques)) + offset]
        sign += [np.ones(len(codes)), -np.ones(len(uniques))]
        offset += len(uniques)
    if not cell:
        return Sums(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    return Sums(
        np.concatenate(cell).astype(np.int64),
        np.concatenate(equation).astype(np.int64),
        np.concatenate(sign).astype(float),
    )


def _joined(columns: list[npt.NDArray[np.object_]]) -> list[str]:
    """Each row's values as text joined by ``|`` (as ``str`` writes each value), built in
    plain Python: pandas' string arithmetic checks every element for missing values first."""
    text = [[str(value) for value in column.tolist()] for column in columns]
    return ["|".join(parts) for parts in zip(*text, strict=True)]


def _exact(sums: Sums, counts: FloatArray) -> Sums:
    """Equations that hold in the data (a missing count may be anything, so it holds too)."""
    known = np.nan_to_num(counts)
    residual = np.bincount(
        sums.equation, weights=sums.sign * known[sums.cell], minlength=sums.count
    )
    missing = np.bincount(
        sums.equation, weights=np.isnan(counts[sums.cell]).astype(float), minlength=sums.count
    )
    holds = (np.abs(residual) < 1e-6) | (missing > 0)
    keep = holds[sums.equation]
    return Sums(sums.cell[keep], sums.equation[keep], sums.sign[keep])


def feasible_ranges(
    counts: FloatArray, hidden: BoolArray, sums: Sums, *, targets: BoolArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """The smallest and largest value of hidden counts consistent with everything published.

    Published counts are constants, hidden ones non-negative unknowns; the equations are those of
    ``sums``. Ranges are worked out for the ``targets`` (every hidden cell by default); other
    cells get NaN, and an unbounded range ends at ``inf``.
    """
    wanted = hidden if targets is None else targets & hidden
    return hidden_ranges(counts, hidden, _as_tuple(sums), wanted, None)


def _as_tuple(sums: Sums) -> tuple[IntArray, IntArray, FloatArray]:
    return sums.cell, sums.equation, sums.sign


def exposed_cells(
    counts: FloatArray, hidden: BoolArray, sums: Sums, *, targets: BoolArray, threshold: float
) -> BoolArray:
    """Target cells whose hidden count a reader can narrow to a range below ``threshold``."""
    low, high = hidden_ranges(counts, hidden, _as_tuple(sums), targets & hidden, threshold)
    return targets & hidden & (high - low < threshold - 1e-9)


def protect_linked(
    counts: FloatArray,
    hidden: BoolArray,
    sums: Sums,
    *,
    threshold: float,
    rank: IntArray,
    known: BoolArray | None = None,
    max_rounds: int = 50,
) -> tuple[BoolArray, BoolArray]:
    """Suppress more cells until no small hidden count can be narrowed below ``threshold``.

    Parameters
    ----------
    counts : array of float
        Each cell's count.
    hidden : array of bool
        Cells already suppressed (primary and secondary).
    sums : Sums
        The equations a reader can form (:func:`linked_sums`).
    threshold : float
        The narrowest range a hidden count may be pinned to.
    rank : array of int
        Each cell's place in key order, to break ties between equal counts.
    known : array of bool, optional
        Cells the reader knows already (published earlier with the same count): never chosen.

    Returns
    -------
    (hidden, added)
        The new suppression mask and the cells this function added to it.
    """
    hidden = hidden.copy()
    start = hidden.copy()
    known = np.zeros(len(counts), dtype=bool) if known is None else known
    # Only small counts need a wide range: the others are hidden to protect them, and a reader
    # who pins one of those down learns a count that could have been published.
    small = ~(counts >= threshold)
    tries: dict[int, int] = {}  # how many rounds each cell has been exposed
    # Hiding more never narrows a range (it only turns constants into unknowns), so a cell found
    # wide enough stays so: each round checks only the cells still exposed.
    pending = small.copy()
    wide = np.zeros(len(counts), dtype=bool)
    for _ in range(max_rounds):
        # A cell hidden now but known from before is a constant to the reader, not an unknown.
        found = exposed_cells(counts, hidden & ~known, sums, targets=pending, threshold=threshold)
        wide |= pending & hidden & ~known & ~found
        pending = found
        exposed = np.flatnonzero(found)
        for cell in exposed.tolist():
            tries[cell] = tries.get(cell, 0) + 1
        stubborn = np.asarray([c for c in exposed.tolist() if tries[c] > 1], dtype=np.int64)
        chosen = _complements(exposed, counts, hidden, known, sums, rank, threshold, stubborn, wide)
        if not chosen.size:
            break
        hidden[chosen] = True
    return hidden, hidden & ~start


def _complements(
    exposed: IntArray,
    counts: FloatArray,
    hidden: BoolArray,
    known: BoolArray,
    sums: Sums,
    rank: IntArray,
    threshold: float,
    stubborn: IntArray,
    wide: BoolArray,
) -> IntArray:
    """For each exposed cell, one more cell to hide.

    The first time a cell is exposed, the smallest published cell in its equations is hidden
    (usually enough). A ``stubborn`` cell, still exposed after that, is pinned through hidden
    neighbours whose own range is narrow: its candidates are the published cells in their
    equations too, and the first (smallest first) that widens its range enough is chosen —
    or the smallest, when none does alone.
    A cell that an equation of known counts pins on its own cannot be helped by hiding more:
    it is left as it is (what was published before already gives it away).
    """
    chosen: set[int] = set()
    size = np.where(np.isnan(counts), np.inf, counts)
    unknown = hidden & ~known
    unknowns_in = np.bincount(
        sums.equation, weights=unknown[sums.cell].astype(float), minlength=sums.count
    )
    not_known_in = np.bincount(
        sums.equation, weights=(~known[sums.cell]).astype(float), minlength=sums.count
    )

    def is_narrow(cells: IntArray) -> BoolArray:
        """Which of these hidden cells are narrow, checked only where needed (``wide`` is
        updated in place: a cell found wide stays wide)."""
        ask = np.zeros(len(counts), dtype=bool)
        ask[cells] = True
        ask &= unknown & ~wide
        found = exposed_cells(counts, unknown, sums, targets=ask, threshold=threshold)
        wide[ask & ~found] = True
        return found[cells]

    for cell in exposed.tolist():
        around = np.unique(sums.equation[sums.cell == cell])
        if ((unknowns_in[around] == 1) & (not_known_in[around] == 1)).any():
            continue  # pinned by counts the reader already has
        if cell not in stubborn:  # first time: the smallest in the equation that pins it
            first = _smallest_in_tightest(cell, unknown, hidden | known, sums, size, rank)
            if first is not None:
                chosen.add(first)
            continue
        # The published cells of the sums that pin it come first: hiding one breaks the route
        # a reader took. Then those beside the hidden cells pinned with it.
        pinning = _pinning(cell, counts, unknown, hidden | known, sums, size, rank)
        nearby = _candidates(cell, is_narrow, hidden | known, sums, size, rank)
        candidates = np.concatenate([pinning, nearby[~np.isin(nearby, pinning)]])
        if not candidates.size:
            continue
        best = int(candidates[0])
        for candidate in candidates[:MAX_TRIES].tolist():
            trial = unknown.copy()
            trial[candidate] = True
            target = np.zeros(len(counts), dtype=bool)
            target[cell] = True
            if not exposed_cells(counts, trial, sums, targets=target, threshold=threshold)[cell]:
                best = candidate
                break
        chosen.add(best)
    return np.asarray(sorted(chosen), dtype=np.int64)


MAX_TRIES = 8
SEARCH_DEPTH = 3  # steps from the exposed cell through hidden cells pinned with it


def _smallest_in_tightest(
    cell: int,
    unknown: BoolArray,
    unavailable: BoolArray,
    sums: Sums,
    size: FloatArray,
    rank: IntArray,
) -> int | None:
    """The smallest published cell of the cell's equation whose hidden counts add up to least
    (the one that pins it), or of the next equation when that one has none."""
    equations = np.unique(sums.equation[sums.cell == cell])
    hidden_sum = [
        float(size[m][unknown[m]].sum()) for m in (sums.cell[sums.equation == e] for e in equations)
    ]
    for equation in equations[np.argsort(hidden_sum, kind="stable")].tolist():
        members = sums.cell[sums.equation == equation]
        free = members[~unavailable[members]]
        if free.size:
            return int(free[np.lexsort((rank[free], size[free]))[0]])
    return None


def _pinning(
    cell: int,
    counts: FloatArray,
    unknown: BoolArray,
    unavailable: BoolArray,
    sums: Sums,
    size: FloatArray,
    rank: IntArray,
) -> IntArray:
    """Published cells in the equations that hold the cell's range, smallest first."""
    equations = binding_equations(counts, unknown, _as_tuple(sums), cell)
    members = np.unique(sums.cell[np.isin(sums.equation, equations)])
    free = members[~unavailable[members]]
    return free[np.lexsort((rank[free], size[free]))]


def _candidates(
    cell: int,
    is_narrow: Callable[[IntArray], BoolArray],
    unavailable: BoolArray,
    sums: Sums,
    size: FloatArray,
    rank: IntArray,
) -> IntArray:
    """Published cells sharing an equation with the cell or the narrow hidden cells tied to it,
    smallest first."""
    cluster, frontier = {cell}, {cell}
    for _ in range(SEARCH_DEPTH):
        if not frontier:
            break
        equations = np.unique(sums.equation[np.isin(sums.cell, list(frontier))])
        partners = np.unique(sums.cell[np.isin(sums.equation, equations)])
        partners = partners[unavailable[partners] & ~np.isin(partners, list(cluster))]
        frontier = set(partners[is_narrow(partners)].tolist()) if partners.size else set()
        cluster |= frontier
    equations = np.unique(sums.equation[np.isin(sums.cell, list(cluster))])
    members = np.unique(sums.cell[np.isin(sums.equation, equations)])
    free = members[~unavailable[members]]
    return free[np.lexsort((rank[free], size[free]))]
