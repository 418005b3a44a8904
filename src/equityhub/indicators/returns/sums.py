"""A return's breakdowns must add up to its totals, or its published figures would not agree.

Disclosure control relies on these sums (a reader uses them to attack hidden cells, so the
control must see them), and a board reading "ethnicity" beside "overall" expects the same people
in both. A breakdown whose counts do not add up to the overall total — or detailed categories
that do not add up to the broad ones they nest in — is refused at import, naming the rows.

A breakdown must add up exactly when it is complete (every known category and an unknown one);
a partial one (a file with some age bands, or deciles without their unknowns) may add up to
less, never to more.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from equityhub.indicators.registry.categories import ALLOWED, NESTED_IN, TOTAL, is_unknown

# Counts within a rounding error of each other add up (some systems write 12.0 for 12).
TOLERANCE = 1e-6
SUMMED = ("numerator", "denominator")


def sum_problems(rows: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """(row, column, message) for each breakdown or nested group that does not add up."""
    cells: dict[tuple[str, str], dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        cells[(row["indicator"], row["period"])][(row["breakdown"], row["category"])] = row
    problems = []
    for (indicator, period), found in cells.items():
        total = found.get(("overall", TOTAL))
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for (breakdown, category), row in found.items():
            if breakdown != "overall":
                groups[(breakdown, "")].append(row)
            if breakdown in NESTED_IN:
                broad, mapping = NESTED_IN[breakdown]
                groups[(broad, mapping.get(category, ""))].append(row)
        for (breakdown, broad), parts in sorted(groups.items()):
            whole = total if not broad else found.get((breakdown, broad))
            if whole is None:
                continue
            exact = _complete(breakdown, broad, {p["category"] for p in parts})
            problems += _mismatch(indicator, period, breakdown, broad, parts, whole, exact=exact)
    return problems


def _complete(breakdown: str, broad: str, present: set[str]) -> bool:
    """Whether these categories are all there is (so they must add up exactly)."""
    if broad:  # the detailed categories of one broad one, e.g. deciles 1 and 2 of quintile 1
        mapping = next(m for b, m in NESTED_IN.values() if b == breakdown)
        return {c for c, b in mapping.items() if b == broad} <= present
    vocabulary = set(ALLOWED.get(breakdown, ()))
    if not vocabulary:  # an open vocabulary (age bands): never known to be complete
        return False
    known = {c for c in vocabulary if not is_unknown(c)}
    return known <= present and any(is_unknown(c) for c in present)


def _mismatch(
    indicator: str,
    period: str,
    breakdown: str,
    broad: str,
    parts: list[dict[str, Any]],
    whole: dict[str, Any],
    *,
    exact: bool,
) -> list[tuple[int, str, str]]:
    out = []
    for column in SUMMED:
        values = [p.get(column) for p in parts]
        if whole.get(column) is None or any(v is None for v in values):
            continue
        added = float(sum(float(v) for v in values if v is not None))
        off = abs(added - whole[column]) > TOLERANCE if exact else added > whole[column] + TOLERANCE
        if off:
            first = min(p["row"] for p in parts)
            what = f"the {breakdown} categories" if not broad else f"the categories in {broad}"
            against = "the overall total" if not broad else f"{breakdown} {broad}"
            out.append(
                (
                    first,
                    column,
                    f"{indicator}, {period}: {what} (rows {first} to "
                    f"{max(p['row'] for p in parts)}) add up to {added:g}, but {against} "
                    f"(row {whole['row']}) is {whole[column]:g}"
                    + ("" if exact else ": a part cannot count more than the whole"),
                )
            )
    return out
