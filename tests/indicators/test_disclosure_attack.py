"""An attacker's attempt on everything the hierarchy publishes: no hidden count may come back.

Returns with nested breakdowns (deciles and quintiles, ethnic categories and broad groups) and
small cells, for organisations in two systems of one region, go through the same tables and
disclosure control the platform publishes from. The attacker then writes down every sum a
reader can form — each breakdown with the total, each broad group with its detailed categories,
each area with the areas below it, and, for a late return, the figures published before it —
treats each hidden count as an unknown whole number of at least zero, and solves for the
smallest and largest value of each small one (linear programmes over everything published at
once, written here independently of the code under test). A hidden count below 10 that can be
pinned down, or narrowed to fewer than 10 possible values, fails the test.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from equityhub.indicators.registry.categories import ETHNIC_GROUPS
from equityhub.indicators.results.hierarchy import KEY, area_tables, protect

pytestmark = pytest.mark.no_database  # tables in memory only
THRESHOLD = 10
GROUP_OF = {code: group for group, codes in ETHNIC_GROUPS.items() for code in codes}
CODES = ["A", "B", "H", "J", "M", "N", "R"]  # a few categories in four broad groups
SYSTEMS = {"S1": "Y1", "S2": "Y1"}

# about a third of the cells small: enough to link hidden cells across every kind of sum
small_or_large = st.one_of(st.integers(0, 9), st.integers(10, 400), st.integers(40, 400))


@st.composite
def organisation_counts(draw: Any) -> dict[str, list[int]]:
    return {
        "deciles": draw(st.lists(small_or_large, min_size=10, max_size=10)),
        "unknown": [draw(small_or_large)],
        "ethnic": draw(st.lists(small_or_large, min_size=len(CODES), max_size=len(CODES))),
    }


def _cells(code: str, system: str, counts: dict[str, list[int]]) -> list[dict[str, Any]]:
    """One organisation's cells: deciles, quintiles, ethnic categories and groups, the total.

    The ethnic categories are scaled to add up to the same total as the deciles.
    """
    deciles = counts["deciles"] + counts["unknown"]
    total = sum(deciles)
    ethnic = list(counts["ethnic"])
    ethnic[0] += total - sum(ethnic)  # White British takes up the difference
    if ethnic[0] < 0:
        ethnic = [total, *[0] * (len(CODES) - 1)]
    rows = [("overall", "Total", total)]
    rows += [("deprivation_decile", str(i + 1), n) for i, n in enumerate(counts["deciles"])]
    rows += [("deprivation_decile", "Unknown", counts["unknown"][0])]
    rows += [
        (
            "deprivation_quintile",
            str(q + 1),
            counts["deciles"][2 * q] + counts["deciles"][2 * q + 1],
        )
        for q in range(5)
    ]
    rows += [("deprivation_quintile", "Unknown", counts["unknown"][0])]
    rows += [("ethnicity", c, n) for c, n in zip(CODES, ethnic, strict=True)]
    groups: dict[str, int] = {}
    for c, n in zip(CODES, ethnic, strict=True):
        groups[GROUP_OF[c]] = groups.get(GROUP_OF[c], 0) + n
    rows += [("ethnic_group", g, n) for g, n in groups.items()]
    return [
        {
            "organisation": code, "kind": "trust", "system": system, "region": SYSTEMS[system],
            "period": "2024-25", "breakdown": b, "category": c, "period_number": 2024.75,
            "numerator": float(n), "denominator": float(n) * 3 + 50,
        }
        for b, c, n in rows
    ]  # fmt: skip


def _publish(
    organisations: dict[str, tuple[str, dict[str, list[int]]]], earlier: Any = None
) -> Any:
    cells = pd.DataFrame(
        [
            row
            for code, (system, counts) in organisations.items()
            for row in _cells(code, system, counts)
        ]
    )
    tables = area_tables(cells)
    return protect(tables, earlier)


def _members(published: pd.DataFrame) -> dict[str, str]:
    """The organisations each area adds up: an area's count is one unknown per set of members
    (the same sum published twice is one unknown; a sum over more organisations another)."""
    return dict(zip(published["area"], published["members"], strict=False))


def _equations(published: pd.DataFrame) -> list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(parent cell, child cells) for every sum a reader can form from one publication."""
    members = _members(published)
    cell = lambda area, b, c: (members[area], b, c)  # noqa: E731
    out = []
    for area, rows in published.groupby("area"):
        for breakdown in (
            "deprivation_decile",
            "deprivation_quintile",
            "ethnicity",
            "ethnic_group",
        ):
            cats = rows[rows["breakdown"] == breakdown]["category"]
            out.append((cell(area, "overall", "Total"), [cell(area, breakdown, c) for c in cats]))
        for q in range(1, 6):
            out.append((
                cell(area, "deprivation_quintile", str(q)),
                [cell(area, "deprivation_decile", str(d)) for d in (2 * q - 1, 2 * q)],
            ))  # fmt: skip
        for group, codes in ETHNIC_GROUPS.items():
            inside = [c for c in CODES if c in codes]
            if inside:
                out.append(
                    (
                        cell(area, "ethnic_group", group),
                        [cell(area, "ethnicity", c) for c in inside],
                    )
                )
    for parent, rows in published[published["parent"] != ""].groupby("parent"):
        for (breakdown, category), _ in rows.groupby(["breakdown", "category"]):
            children = rows[(rows["breakdown"] == breakdown) & (rows["category"] == category)]
            out.append(
                (cell(parent, breakdown, category),
                 [cell(a, breakdown, category) for a in children["area"]])
            )  # fmt: skip
    return out


def _attack(publications: list[pd.DataFrame]) -> list[str]:
    """Every hidden count the attacker narrows to fewer than THRESHOLD whole numbers."""
    known: dict[tuple[Any, ...], float] = {}
    hidden: set[tuple[Any, ...]] = set()
    small: set[tuple[Any, ...]] = set()  # what the rule protects: counts below the threshold
    equations = []
    for published in publications:
        members = _members(published)
        for row in published.itertuples():
            key = (members[row.area], row.breakdown, row.category)
            if row.suppressed:
                hidden.add(key)
                if row.numerator < THRESHOLD:
                    small.add(key)
            else:
                known[key] = row.numerator
        equations += _equations(published)
    unknowns = sorted(hidden - set(known), key=str)
    column = {key: i for i, key in enumerate(unknowns)}
    if not unknowns:
        return []
    a_eq, b_eq = [], []
    for parent, children in equations:
        coefficients = np.zeros(len(unknowns))
        constant = 0.0
        for key, sign in [(parent, -1.0), *[(c, 1.0) for c in children]]:
            if key in column:
                coefficients[column[key]] += sign
            else:
                constant += sign * known[key]
        if coefficients.any():
            a_eq.append(coefficients)
            b_eq.append(-constant)
    exposed = []
    for key, j in column.items():
        if key not in small:
            continue  # a larger count hidden beside a small one may be worked out: it is not small
        objective = np.zeros(len(unknowns))
        objective[j] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0, "the published figures must be consistent"
        top = math.inf if high.status == 3 else -high.fun
        values = top if math.isinf(top) else math.floor(top + 1e-7) - math.ceil(low.fun - 1e-7) + 1
        if values < THRESHOLD:
            exposed.append(f"{key[1:]} of {sorted(key[0])}: {low.fun:g} to {top:g}")
    return exposed


world = st.fixed_dictionaries(
    {
        "R1": organisation_counts(), "R2": organisation_counts(), "R3": organisation_counts(),
        "R4": organisation_counts(),
    }
)  # fmt: skip
PLACES = {"R1": "S1", "R2": "S1", "R3": "S2", "R4": "S2"}


@pytest.mark.slow  # minutes: `make test` runs it, `make test-fast` does not
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world)
def test_no_hidden_count_can_be_worked_out_from_one_publication(world: dict[str, Any]) -> None:
    published = _publish({code: (PLACES[code], counts) for code, counts in world.items()})
    assert not _attack([published])


LATE_WORLDS = [
    {  # a late return whose decile 9 is 0: the region's figure before and after would show it
        "R3": {"deciles": [4, 9, 3, 254, 140, 8, 143, 300, 138, 5], "unknown": [290],
               "ethnic": [10, 8, 1, 7, 9, 245, 1]},
        "R2": {"deciles": [0, 0, 0, 0, 0, 7, 393, 104, 9, 7], "unknown": [0],
               "ethnic": [366, 2, 6, 72, 2, 78, 7]},
        "R1": {"deciles": [0] * 10, "unknown": [0], "ethnic": [0] * 7},
        "R4": {"deciles": [258, 10, 258, 2, 8, 51, 7, 209, 0, 162], "unknown": [2],
               "ethnic": [286, 62, 0, 201, 6, 6, 5]},
    },
]  # fmt: skip


def _late(world: dict[str, Any]) -> list[pd.DataFrame]:
    """R4's return arrives after the others' figures were published: both publications."""
    early = _publish({c: (PLACES[c], counts) for c, counts in world.items() if c != "R4"})
    late = _publish({c: (PLACES[c], counts) for c, counts in world.items()}, earlier=early)
    return [early, late]


@pytest.mark.hardening  # about five minutes: `make test-hardening`
@pytest.mark.parametrize("world", LATE_WORLDS)
def test_a_late_return_gives_nothing_away_through_the_figures_before_it(
    world: dict[str, Any],
) -> None:
    assert not _attack(_late(world))


@pytest.mark.hardening  # minutes per run: `make test-hardening`
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world)
def test_late_returns_in_general_give_nothing_away(world: dict[str, Any]) -> None:
    assert not _attack(_late(world))


def test_the_attack_finds_what_threshold_suppression_alone_leaves_open() -> None:
    """The attacker is not toothless: plain primary and secondary suppression, without the
    audit, leaves decile 1 recoverable as quintile 1 minus decile 2."""
    from equityhub.stats.disclosure import suppress

    counts = {"deciles": [3, 200, 15, 60, 70, 80, 90, 100, 110, 120], "unknown": [40],
              "ethnic": [500, 60, 40, 30, 50, 40, 30]}  # fmt: skip
    tables = area_tables(pd.DataFrame(_cells("R1", "S1", counts)))
    mine = tables[tables["level"] == "organisation"]
    plain = suppress(
        mine[["area", *KEY, "numerator"]], count="numerator", within=["period"], area="area",
        breakdown="breakdown", category="category", total="Total",
    )  # fmt: skip
    naive = mine.assign(suppressed=plain["suppressed"].to_numpy(), parent="")
    assert _attack([naive])
    assert not _attack([protect(mine.assign(parent=""))])
