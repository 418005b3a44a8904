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

import numpy as np
import pandas as pd

from equityhub.indicators.categories import NESTED_IN, TOTAL
from equityhub.stats.disclosure import suppress
from equityhub.stats.disclosure_linked import REASON, linked_sums, protect_linked

THRESHOLD = 10
KEPT = "secondary: hidden before and kept hidden, so earlier figures give nothing away"
KEY = ["period", "breakdown", "category"]


def protect_counts(
    cells: pd.DataFrame,
    *,
    within: Sequence[str],
    area: str,
    parent: str | None = None,
    known: np.ndarray | None = None,
    hidden: np.ndarray | None = None,
    reasons: np.ndarray | None = None,
) -> pd.DataFrame:
    """``suppressed`` and ``suppression_reason`` for each row of ``cells`` (same order).

    ``cells`` has the ``within`` and ``area`` columns (and ``parent`` for a hierarchy), the
    period, breakdown, category and ``numerator``. ``known`` marks cells published before with
    the same count: they are never hidden to protect another. ``hidden`` marks cells hidden
    before with the same count: they stay hidden, or the sums published before would give
    them (or the cells they protected) away; they keep their earlier ``reasons`` when given.
    """
    table = cells.reset_index(drop=True)
    columns = [*dict.fromkeys([*within, area, *([parent] if parent else []), *KEY, "numerator"])]
    first = suppress(
        table[columns],
        count="numerator",
        within=list(within),
        area=area,
        parent=parent,
        breakdown="breakdown",
        category="category",
        total=TOTAL,
        threshold=THRESHOLD,
    )
    sums = linked_sums(
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
    order = np.lexsort([table[c].astype(str).to_numpy() for c in reversed([*within, area, *KEY])])
    rank = np.empty(len(table), dtype=np.int64)
    rank[order] = np.arange(len(table))
    before = first["suppressed"].to_numpy(dtype=bool)
    kept = np.zeros(len(table), dtype=bool) if hidden is None else hidden & ~before
    counts = table["numerator"].to_numpy(dtype=float)
    if hidden is not None:
        # A larger count hidden before may have been worked out from what was published then
        # (only the small ones were guaranteed a wide range): the audit treats it as known.
        earlier = hidden & (counts >= THRESHOLD)
        known = earlier if known is None else known | earlier
    final, added = protect_linked(
        counts,
        before | kept,
        sums,
        threshold=THRESHOLD,
        rank=rank,
        known=known,
    )
    said = first["suppression_reason"].to_numpy(dtype=object).copy()
    earlier = np.full(len(table), KEPT, dtype=object) if reasons is None else reasons
    said[kept] = np.where(earlier[kept] != "", earlier[kept], KEPT)
    said[added] = REASON
    return pd.DataFrame({"suppressed": final, "suppression_reason": said}, index=cells.index)
