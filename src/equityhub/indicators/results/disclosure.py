"""One disclosure-control pass for every table the indicators publish.

Small counts are suppressed with complementary cells (`equityhub.stats.disclosure.suppress`),
then the table is audited as a reader would attack it — every breakdown with its total, the
nested breakdowns (deciles in quintiles, ethnic categories in broad groups) and, for the
national table, every level of the hierarchy solved together — and more cells are hidden until
no suppressed count can be narrowed below the threshold (`equityhub.stats.disclosure_linked`).
The rule set is in docs/indicators/disclosure.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from equityhub.indicators.registry.categories import NESTED_IN, TOTAL
from equityhub.stats.disclosure import suppress
from equityhub.stats.disclosure_linked import REASON, Sums, linked_sums, protect_linked

THRESHOLD = 10
KEPT = "secondary: hidden before and kept hidden, so earlier figures give nothing away"
KEY = ["period", "breakdown", "category"]


@dataclass(frozen=True)
class Earlier:
    """The publication before this one, for the audit to attack together with this one.

    ``cells`` are its rows (the columns of the table now, with ``suppressed`` and
    ``suppression_reason``). ``same_as`` gives, for each of them, the row now that holds the
    same count (over the same organisations), or -1: a sum over other organisations (a late
    return changed it) or a count since revised. Those are cells of their own to a reader.
    """

    cells: pd.DataFrame
    same_as: npt.NDArray[np.int64]


def protect_counts(
    cells: pd.DataFrame,
    *,
    within: Sequence[str],
    area: str,
    parent: str | None = None,
    earlier: Earlier | None = None,
) -> pd.DataFrame:
    """``suppressed`` and ``suppression_reason`` for each row of ``cells`` (same order).

    ``cells`` has the ``within`` and ``area`` columns (and ``parent`` for a hierarchy), the
    period, breakdown, category and ``numerator``. With ``earlier``, a cell published before
    with the same count is never hidden to protect another; one hidden before with the same
    count stays hidden, with its earlier reason (shown now, it would complete the sums published
    before); and every sum of the earlier publication joins this one's in the audit, so that a
    count is not pinned by combining the two (a system's figure before and after a late return).
    """
    table = cells.reset_index(drop=True)
    first = suppress(
        table[_columns(within, area, parent)],
        count="numerator",
        within=list(within),
        area=area,
        parent=parent,
        breakdown="breakdown",
        category="category",
        total=TOTAL,
        threshold=THRESHOLD,
    )
    audit = _Audit.of(table, within, area, parent)
    before = first["suppressed"].to_numpy(dtype=bool)
    said = first["suppression_reason"].to_numpy(dtype=object).copy()
    n = len(table)
    kept = np.zeros(n, dtype=bool)
    if earlier is not None:
        kept, reasons = _kept(earlier, n)
        kept &= ~before
        said[kept] = np.where(reasons[kept] != "", reasons[kept], KEPT)
        audit = audit.with_earlier(earlier, within, area, parent)
    hidden = audit.hidden.copy()
    hidden[:n] = before | kept
    final, added = protect_linked(
        audit.counts,
        hidden,
        audit.sums,
        threshold=THRESHOLD,
        rank=audit.rank,
        known=audit.known,
    )
    said[added[:n]] = REASON
    return pd.DataFrame({"suppressed": final[:n], "suppression_reason": said}, index=cells.index)


def _columns(within: Sequence[str], area: str, parent: str | None) -> list[str]:
    return [*dict.fromkeys([*within, area, *([parent] if parent else []), *KEY, "numerator"])]


def _sums(table: pd.DataFrame, within: Sequence[str], area: str, parent: str | None) -> Sums:
    return linked_sums(
        table,
        count="numerator",
        within=list(within),
        area=area,
        parent=parent,
        breakdown="breakdown",
        category="category",
        total=TOTAL,
        nested=NESTED_IN,
    )


def _kept(earlier: Earlier, n: int) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.object_]]:
    """Rows now that were hidden before with the same count, and why they were hidden."""
    hidden = earlier.cells["suppressed"].to_numpy(dtype=bool)
    reason = earlier.cells["suppression_reason"].fillna("").astype(str).to_numpy(dtype=object)
    same = earlier.same_as
    kept = np.zeros(n, dtype=bool)
    reasons = np.full(n, "", dtype=object)
    rows = (same >= 0) & hidden
    kept[same[rows]] = True
    reasons[same[rows]] = reason[rows]
    return kept, reasons


@dataclass(frozen=True)
class _Audit:
    """Every cell a reader sees (this publication's rows first, then the earlier one's own
    cells), which of them are already known, which of the earlier ones are hidden (this
    publication's are decided by the caller), and every sum between them."""

    counts: npt.NDArray[np.float64]
    hidden: npt.NDArray[np.bool_]
    known: npt.NDArray[np.bool_]
    rank: npt.NDArray[np.int64]
    sums: Sums

    @classmethod
    def of(
        cls, table: pd.DataFrame, within: Sequence[str], area: str, parent: str | None
    ) -> _Audit:
        keys = [*within, area, *KEY]
        # Each key as its rank among the key's sorted values: the same order as sorting the
        # text itself, without numpy comparing Python strings.
        ranks = [pd.factorize(table[c].astype(str), sort=True)[0] for c in reversed(keys)]
        order = np.lexsort(ranks)
        rank = np.empty(len(table), dtype=np.int64)
        rank[order] = np.arange(len(table))
        n = len(table)
        return cls(
            counts=table["numerator"].to_numpy(dtype=float),
            hidden=np.zeros(n, dtype=bool),
            known=np.zeros(n, dtype=bool),
            rank=rank,
            sums=_sums(table, within, area, parent),
        )

    def with_earlier(
        self,
        earlier: Earlier,
        within: Sequence[str],
        area: str,
        parent: str | None,
    ) -> _Audit:
        """The earlier publication's sums joined to this one's. Its cells that match a row now
        are that row; the others are appended (published ones known, hidden ones unknown)."""
        n = len(self.counts)
        was_hidden = earlier.cells["suppressed"].to_numpy(dtype=bool)
        same = earlier.same_as
        own = same < 0
        position = same.copy()
        position[own] = n + np.arange(int(own.sum()))
        known = self.known.copy()
        known[same[(same >= 0) & ~was_hidden]] = True
        # A count hidden before and still hidden is an unknown: the earlier sums it sits in are
        # all here, so the audit sees whatever a reader could narrow it to from both together.
        before = _sums(earlier.cells.reset_index(drop=True), within, area, parent)
        sums = Sums(
            np.concatenate([self.sums.cell, position[before.cell]]),
            np.concatenate([self.sums.equation, before.equation + self.sums.count]),
            np.concatenate([self.sums.sign, before.sign]),
        )
        extra = earlier.cells[own]
        return _Audit(
            counts=np.concatenate([self.counts, extra["numerator"].to_numpy(dtype=float)]),
            hidden=np.concatenate([self.hidden, was_hidden[own]]),
            known=np.concatenate([known, ~was_hidden[own]]),
            rank=np.concatenate([self.rank, n + np.arange(int(own.sum()))]),
            sums=sums,
        )
