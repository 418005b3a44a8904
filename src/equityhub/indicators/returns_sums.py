"""A return's breakdowns must add up to its totals, or its published figures would not agree.

Disclosure control relies on these sums (a reader uses them to attack hidden cells, so the
control must see them), and a board reading "ethnicity" beside "overall" expects the same people
in both. A breakdown whose counts do not add up to the overall total — or detailed categories
that do not add up to the broad ones they nest in — is refused at import, naming the rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from equityhub.indicators.categories import NESTED_IN, TOTAL

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
            problems += _mismatch(indicator, period, breakdown, broad, parts, whole)
    return problems


def _mismatch(
    indicator: str,
    period: str,
    breakdown: str,
    broad: str,
    parts: list[dict[str, Any]],
    whole: dict[str, Any],
) -> list[tuple[int, str, str]]:
    out = []
    for column in SUMMED:
        values = [p.get(column) for p in parts]
        if whole.get(column) is None or any(v is None for v in values):
            continue
        added = sum(values)
        if abs(added - whole[column]) > TOLERANCE:
            first = min(p["row"] for p in parts)
            what = f"the {breakdown} categories" if not broad else f"the categories in {broad}"
            against = "the overall total" if not broad else f"{breakdown} {broad}"
            out.append(
                (
                    first,
                    column,
                    f"{indicator}, {period}: {what} (rows {first} to "
                    f"{max(p['row'] for p in parts)}) add up to {added:g}, but {against} "
                    f"(row {whole['row']}) is {whole[column]:g}",
                )
            )
    return out
