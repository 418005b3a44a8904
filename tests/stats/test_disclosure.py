"""Small-number suppression with secondary suppression (equityhub.stats.disclosure)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equityhub.stats.disclosure import suppress

BREAKDOWNS = {"Sex": ["F", "M"], "Ethnicity": ["A", "B", "W", "Z"], "IMD": ["1", "2", "3"]}
HIERARCHY = {"R1": "", "I1": "R1", "I2": "R1", "T1": "I1", "T2": "I1", "T3": "I2"}


def _table(counts: list[int], areas: dict[str, str] = HIERARCHY) -> pd.DataFrame:
    rows = []
    for area, parent in areas.items():
        rows.append({"area": area, "parent": parent, "breakdown": "", "category": "Total"})
        for breakdown, categories in BREAKDOWNS.items():
            for category in categories:
                rows.append(
                    {"area": area, "parent": parent, "breakdown": breakdown, "category": category}
                )
    table = pd.DataFrame(rows)
    table["numerator"] = np.resize(np.asarray(counts, dtype=np.int64), len(table))
    table["denominator"] = 1000
    table["value"] = table["numerator"] / table["denominator"] * 100
    table["lower_95"] = table["value"] * 0.9
    table["upper_95"] = table["value"] * 1.1
    return table


def _brute_force_constraints(table: pd.DataFrame) -> list[list[int]]:
    """Every sum in the table, built directly from its definition with plain loops."""
    cells = {}
    for i, row in table.iterrows():
        cells[(row["area"], row["breakdown"], row["category"])] = i
    constraints = []
    for area in set(table["area"]):
        total = cells.get((area, "", "Total"))
        for breakdown, categories in BREAKDOWNS.items():
            parts = [
                cells[(area, breakdown, c)] for c in categories if (area, breakdown, c) in cells
            ]
            if total is not None and parts:
                constraints.append([total, *parts])
    children = defaultdict(list)
    for area, parent in table[["area", "parent"]].drop_duplicates().itertuples(index=False):
        if parent:
            children[parent].append(area)
    keys = {(b, c) for (_, b, c) in cells}
    for parent, kids in children.items():
        for b, c in keys:
            if (parent, b, c) in cells:
                kid_cells = [cells[(k, b, c)] for k in kids if (k, b, c) in cells]
                if kid_cells:
                    constraints.append([cells[(parent, b, c)], *kid_cells])
    return constraints


def _run(table: pd.DataFrame, **options: object) -> pd.DataFrame:
    return suppress(
        table,
        area="area",
        parent="parent",
        breakdown="breakdown",
        category="category",
        **options,  # type: ignore[arg-type]
    )


def test_one_small_cell_gets_a_complement_in_its_breakdown() -> None:
    table = pd.DataFrame(
        {"category": ["Total", "F", "M"], "numerator": [120, 4, 116], "value": [1.0, 2.0, 3.0]}
    )
    out = suppress(table, category="category")
    assert out["suppressed"].tolist() == [False, True, True]
    assert out["suppression_reason"][1] == "primary: count below 10"
    assert out["suppression_reason"][2] == (
        "secondary: protects a suppressed cell in the categories (categories and total)"
    )
    assert out["numerator"].isna().tolist() == [False, True, True]
    assert out["value"].isna().tolist() == [False, True, True]


def test_smallest_other_cell_is_the_complement() -> None:
    table = pd.DataFrame({"category": ["Total", "a", "b", "c"], "numerator": [200, 3, 50, 147]})
    out = suppress(table, category="category")
    assert out["suppressed"].tolist() == [False, True, True, False]


def test_nothing_small_means_nothing_suppressed() -> None:
    out = _run(_table([50, 20, 30, 11, 12, 13, 14, 15, 16, 17]))
    assert not out["suppressed"].any()
    assert (out["suppression_reason"] == "").all()


def test_values_and_limits_blanked_denominator_kept() -> None:
    out = _run(_table([100, 3, 97, 30, 30, 30, 10, 20, 40, 40]))
    hidden = out[out["suppressed"]]
    assert len(hidden) > 0
    for column in ["numerator", "value", "lower_95", "upper_95"]:
        assert hidden[column].isna().all(), column
    assert hidden["denominator"].notna().all()
    shown = out[~out["suppressed"]]
    assert shown["numerator"].notna().all()


def test_threshold_configurable_and_zero_handling() -> None:
    table = pd.DataFrame({"category": ["Total", "a", "b"], "numerator": [25, 0, 25]})
    # The total and "b" tie at 25: the one whose category sorts first ("Total") is the complement.
    assert suppress(table, category="category")["suppressed"].tolist() == [True, True, False]
    published = suppress(table, category="category", publish_zeros=True)
    assert not published["suppressed"].any()
    strict = suppress(
        pd.DataFrame({"category": ["Total", "a", "b"], "numerator": [45, 20, 25]}),
        category="category",
        threshold=21,
    )
    assert strict["suppression_reason"][1] == "primary: count below 21"


def test_missing_count_is_protected() -> None:
    table = pd.DataFrame({"category": ["Total", "a", "b"], "numerator": [40, None, 25]})
    out = suppress(table, category="category")
    assert out["suppression_reason"][1] == "primary: count missing"
    assert out["suppressed"].sum() == 2


def test_hierarchy_protects_across_children() -> None:
    areas = {"R": "", "A": "R", "B": "R"}
    table = pd.DataFrame(
        {"area": list(areas), "parent": list(areas.values()), "numerator": [60, 5, 55]}
    )
    out = suppress(table, area="area", parent="parent")
    assert out["suppressed"].tolist() == [False, True, True]
    assert out["suppression_reason"][2] == (
        "secondary: protects a suppressed cell in R and its child areas"
    )


def test_within_groups_are_separate_sets() -> None:
    table = pd.DataFrame(
        {
            "period": ["2023", "2023", "2023", "2024", "2024", "2024"],
            "category": ["Total", "a", "b"] * 2,
            "numerator": [50, 5, 45, 50, 20, 30],
        }
    )
    out = suppress(table, category="category", within=["period"])
    assert out["suppressed"].tolist() == [False, True, True, False, False, False]


def test_polars_in_polars_out() -> None:
    table = pl.DataFrame({"category": ["Total", "a", "b"], "numerator": [50, 5, 45]})
    out = suppress(table, category="category")
    assert isinstance(out, pl.DataFrame)
    assert out["suppressed"].to_list() == [False, True, True]
    assert out["numerator"].to_list() == [50, None, None]


def test_row_order_does_not_change_what_is_suppressed() -> None:
    table = _table([100, 3, 97, 30, 30, 30, 10, 20, 40, 40, 7, 13])
    key = ["area", "breakdown", "category"]
    first = _run(table).set_index(key)["suppressed"].sort_index()
    for seed in range(5):
        shuffled = table.sample(frac=1, random_state=seed).reset_index(drop=True)
        second = _run(shuffled).set_index(key)["suppressed"].sort_index()
        pd.testing.assert_series_equal(first, second)
    assert first.sum() > 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"numerator": [-1, 5, 4]}, r"row 0, column 'numerator': negative count"),
        ({"numerator": ["x", 5, 4]}, r"row 0, column 'numerator': 'x' is not a number"),
        ({"category": ["Total", "a", "a"]}, r"row 2: the same cell appears twice"),
    ],
)
def test_bad_input_names_row_and_column(change: dict[str, list[object]], message: str) -> None:
    table = pd.DataFrame({"category": ["Total", "a", "b"], "numerator": [9, 5, 4]})
    for column, values in change.items():
        table[column] = values
    with pytest.raises(ValueError, match=message):
        suppress(table, category="category")


def test_unknown_column_and_two_parents() -> None:
    table = pd.DataFrame(
        {"area": ["A", "A"], "parent": ["R", "S"], "category": ["Total", "x"], "numerator": [1, 1]}
    )
    with pytest.raises(ValueError, match="column 'nope' is not in the data"):
        suppress(table, count="nope")
    with pytest.raises(ValueError, match="row 1, column parent: area A has two parents"):
        suppress(table, area="area", parent="parent", category="category")
    with pytest.raises(ValueError, match="threshold"):
        suppress(table, threshold=0)
    with pytest.raises(TypeError, match="expected a pandas or polars DataFrame"):
        suppress([1, 2])


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=10, max_size=70),
    threshold=st.sampled_from([5, 10, 11]),
    drop=st.lists(st.integers(min_value=0, max_value=69), max_size=6),
)
def test_never_publishes_small_or_recoverable_cells(
    counts: list[int], threshold: int, drop: list[int]
) -> None:
    table = _table(counts)
    table = table.drop(index=[i for i in set(drop) if i < len(table)]).reset_index(drop=True)
    out = _run(table, threshold=threshold)
    hidden = out["suppressed"].to_numpy()
    assert not ((table["numerator"].to_numpy() < threshold) & ~hidden).any()
    for members in _brute_force_constraints(table):
        assert hidden[members].sum() != 1, [table.iloc[m].tolist() for m in members]
    assert out.loc[hidden, "numerator"].isna().all()
    assert out.loc[hidden, "value"].isna().all()


@settings(max_examples=30, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=30), min_size=10, max_size=140),
    publish_zeros=st.booleans(),
)
def test_guarantee_holds_per_protected_set(counts: list[int], publish_zeros: bool) -> None:
    one = _table(counts)
    two = _table(counts[::-1])
    table = pd.concat([one.assign(period="2024"), two.assign(period="2025")], ignore_index=True)
    out = _run(table, threshold=10, within=["period"], publish_zeros=publish_zeros)
    hidden = out["suppressed"].to_numpy()
    small = table["numerator"].to_numpy() < 10
    if publish_zeros:
        small &= table["numerator"].to_numpy() != 0
    assert not (small & ~hidden).any()
    for period in ("2024", "2025"):
        rows = np.flatnonzero(table["period"].to_numpy() == period)
        part = table.iloc[rows].reset_index(drop=True)
        for members in _brute_force_constraints(part):
            assert hidden[rows[members]].sum() != 1


def test_limit_columns_in_every_naming_are_blanked_but_codes_kept() -> None:
    table = pd.DataFrame(
        {
            "category": ["Total", "a", "b"],
            "numerator": [60, 5, 55],
            "lowercl": [1.0, 2.0, 3.0],
            "upper99_8cl": [1.0, 2.0, 3.0],
            "sii_lower_95": [1.0, 2.0, 3.0],
            "Lower CI 95.0 limit": [1.0, 2.0, 3.0],
            "upper_tier_la": ["E10", "E10", "E10"],
        }
    )
    out = suppress(table, category="category")
    for column in ["lowercl", "upper99_8cl", "sii_lower_95", "Lower CI 95.0 limit"]:
        assert out[column].isna().tolist() == [False, True, True], column
    assert out["upper_tier_la"].notna().all()


def test_blank_category_is_the_total_when_total_is_blank() -> None:
    # Fingertips exports leave Category empty on the area's total row.
    table = pd.DataFrame({"category": [None, "1", "2"], "numerator": [60, 5, 55]})
    out = suppress(table, category="category", total="")
    assert out["suppressed"].tolist() == [False, True, True]


def test_within_as_a_comma_separated_string() -> None:
    # A string once split into characters ("i", "n", ...), which are not columns.
    table = pd.concat([_table([5, 50, 60]).assign(period=p, indicator="x") for p in (1, 2)])
    as_list = suppress(table, within=["indicator", "period"], area="area", parent="parent",
                       breakdown="breakdown", category="category")  # fmt: skip
    as_text = suppress(table, within="indicator,period", area="area", parent="parent",
                       breakdown="breakdown", category="category")  # fmt: skip
    pd.testing.assert_frame_equal(as_list, as_text)
    one = suppress(table, within="period", area="area", parent="parent",
                   breakdown="breakdown", category="category")  # fmt: skip
    assert one["suppressed"].tolist() == as_list["suppressed"].tolist()
