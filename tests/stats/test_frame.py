"""The grouped DataFrame front end and the result base class."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import polars as pl
import pytest

from equityhub.stats.frame import (
    codes_from_labels,
    group_rows,
    group_rows_summing,
    lookup_per_group,
    make_frame,
    numeric_column,
    positions_within,
    spread_per_band,
    take_rows,
    with_columns,
)
from equityhub.stats.results import IntervalResult, level_suffix


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "area": ["b", "a", "b", None, "a", "c"],
            "year": [2021, 2020, 2020, 2020, 2020, 2021],
            "x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )


def test_groups_are_sorted_by_key_with_missing_last(frame):
    groups = group_rows(frame, ["area", "year"])
    keys = groups.keys()
    assert keys["area"].tolist()[:4] == ["a", "b", "b", "c"]
    assert pd.isna(keys["area"][4])
    assert keys["year"].tolist() == [2020, 2020, 2021, 2021, 2020]
    assert groups.codes.tolist() == [2, 0, 1, 4, 0, 3]


def test_sums_match_pandas_groupby():
    rng = np.random.default_rng(7)
    data = pd.DataFrame(
        {"g1": rng.integers(0, 30, 5000), "g2": rng.choice(["x", "y"], 5000), "v": rng.random(5000)}
    )
    groups = group_rows(data, ["g1", "g2"])
    expected = data.groupby(["g1", "g2"]).v.sum().to_numpy()
    np.testing.assert_allclose(groups.sum(data.v.to_numpy()), expected, rtol=1e-12)
    assert groups.count().sum() == 5000


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "uint64"])
def test_integer_keys_with_gaps_sum_like_pandas_groupby(dtype):
    # The counting path: keys 3..250 with most values unused, in random order.
    rng = np.random.default_rng(11)
    keys = rng.choice([3, 4, 9, 17, 100, 250], 2000).astype(dtype)
    data = pd.DataFrame({"k": keys, "v": rng.random(2000)})
    groups = group_rows(data, "k")
    expected = data.groupby("k").v.agg(["sum", "size"])
    assert groups.n_groups == 6
    assert groups.keys()["k"].tolist() == expected.index.tolist()
    np.testing.assert_allclose(groups.sum(data.v.to_numpy()), expected["sum"], rtol=1e-12)
    assert groups.count().tolist() == expected["size"].tolist()
    assert groups.codes.tolist() == expected.index.get_indexer(keys).tolist()
    assert group_rows(data, "k").to_frame({"n": groups.count()}).k.dtype == data.k.dtype


@pytest.mark.parametrize(
    "keys",
    [
        [3, 4, 9, 17, 100, 250],  # the counting path, most slots empty
        list(range(-5, 5)),  # the counting path, every slot used, below zero
        [10**12, 7, 3 * 10**15],  # too sparse to count: hashed
        ["E01", "W02", "S03"],  # text: hashed
    ],
)
@pytest.mark.parametrize("by", [["k"], ["k", "half"]])
def test_grouping_while_summing_gives_the_groups_and_sums_of_grouping_then_summing(keys, by):
    rng = np.random.default_rng(len(keys))
    rows = rng.choice(np.array(keys, dtype=object), 3000).tolist()
    data = pd.DataFrame({"k": rows, "half": rng.integers(0, 2, 3000)})
    data["k"] = data["k"].astype(type(keys[0]))
    occupancy = rng.uniform(0.5, 50, 3000)
    occupancy[rng.random(3000) < 0.01] = np.nan  # a missing denominator still marks its group
    summing, sums = group_rows_summing(data, by, occupancy)
    plain = group_rows(data, by)
    assert summing.n_groups == plain.n_groups
    for name, values in plain.keys().items():
        assert summing.keys()[name].tolist() == values.tolist()
    np.testing.assert_array_equal(sums, plain.sum(occupancy))
    np.testing.assert_array_equal(summing.codes, plain.codes)
    np.testing.assert_array_equal(summing.count(), plain.count())


def test_no_by_means_one_group(frame):
    groups = group_rows(frame, None)
    assert groups.n_groups == 1 and groups.describe(0) == "all rows"
    assert groups.sum(frame.x.to_numpy()).tolist() == [21.0]


def test_error_wording_names_group_and_field(frame):
    groups = group_rows(frame, ["area", "year"])
    assert groups.describe_row(0) == "row 0 (group area='b', year=2021)"
    with pytest.raises(ValueError, match=r"numerator: column 'count' is not in the data"):
        numeric_column(frame, "count", field="numerator")
    with pytest.raises(TypeError, match="numerator: column 'area' must hold numbers"):
        numeric_column(frame, "area", field="numerator")
    with pytest.raises(TypeError, match="data: expected a pandas or polars DataFrame"):
        group_rows({"area": [1]}, "area")
    with pytest.raises(ValueError, match="no rows"):
        group_rows(frame.iloc[:0], "area")


def test_frame_kind_is_preserved(frame):
    polars_frame = pl.DataFrame(
        {
            "area": ["b", "a", "b", None, "a", "c"],
            "year": frame.year.tolist(),
            "x": frame.x.tolist(),
        }
    )
    for data, kind in ((frame, pd.DataFrame), (polars_frame, pl.DataFrame)):
        groups = group_rows(data, "area")
        out = groups.to_frame(
            {"total": groups.sum(numeric_column(data, "x", field="x")), "label": "same for all"}
        )
        assert isinstance(out, kind)
        assert list(out.columns) == ["area", "total", "label"]
        assert np.asarray(out["total"]).tolist() == [7.0, 4.0, 6.0, 4.0]
        added = with_columns(data, {"y": np.arange(6.0), "note": "n"})
        assert isinstance(added, kind) and list(added.columns)[-2:] == ["y", "note"]
        kept = take_rows(data, np.array([True, False, True, False, False, False]))
        assert isinstance(kept, kind) and len(kept) == 2


def test_positions_and_per_band_spreading():
    codes = np.array([1, 0, 1, 0, 1, 0], dtype=np.intp)
    assert positions_within(codes, 2).tolist() == [0, 0, 1, 1, 2, 2]
    spread = spread_per_band([10.0, 20.0, 30.0], "stdpop", codes, 2, str)
    assert spread.tolist() == [10.0, 10.0, 20.0, 20.0, 30.0, 30.0]
    with pytest.raises(ValueError, match=r"stdpop: 2 values .* group of 3 rows"):
        spread_per_band([1.0, 2.0], "stdpop", codes, 2, lambda row: f"row {row}")


def test_codes_from_labels():
    codes, n = codes_from_labels(np.array(["z", "a", "z"]), 3)
    assert codes.tolist() == [1, 0, 1] and n == 2
    dense, n = codes_from_labels(np.array([1, 0, 1]), 3)
    assert dense.tolist() == [1, 0, 1] and n == 2
    sparse, n = codes_from_labels(np.array([5, 2, 5]), 3)
    assert sparse.tolist() == [1, 0, 1] and n == 2
    with pytest.raises(ValueError, match="groups: expected 4 labels"):
        codes_from_labels([1, 2], 4)


def test_lookup_per_group(frame):
    groups = group_rows(frame.dropna(), "area")
    table = pd.DataFrame({"area": ["c", "a", "b"], "total": [3, 1, 2]})
    assert lookup_per_group(groups, table, "total", field="observed").tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match=r"observed: no number for a group .*area='b'"):
        lookup_per_group(groups, table.iloc[:2], "total", field="observed")
    with pytest.raises(ValueError, match="observed: each group must appear once"):
        lookup_per_group(groups, pd.concat([table, table]), "total", field="observed")


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Example(IntervalResult):
    count: np.ndarray
    label: str = "x"


def test_result_base_class():
    result = _Example(
        value=np.array([1.0, 2.0]),
        lower={0.95: np.array([0.5, 1.5]), 0.998: np.array([0.1, 1.1])},
        upper={0.95: np.array([1.5, 2.5]), 0.998: np.array([1.9, 2.9])},
        count=np.array([3, 4]),
    )
    assert result.confidence == (0.95, 0.998)
    lower, upper = result.confidence_interval(95)
    assert lower.tolist() == [0.5, 1.5] and upper.tolist() == [1.5, 2.5]
    assert list(result.to_dict()) == [
        "value",
        "lower95_0cl",
        "upper95_0cl",
        "lower99_8cl",
        "upper99_8cl",
        "count",
        "label",
    ]
    with pytest.raises(ValueError, match=r"level: no limits at 0\.9"):
        result.confidence_interval(0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.value = np.array([0.0])  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        result.value[0] = 5.0
    assert level_suffix(0.95) == "95_0" and len(result) == 2


def test_result_with_one_level_uses_plain_names():
    result = IntervalResult(
        value=np.array([1.0]), lower={0.95: np.array([0.0])}, upper={0.95: np.array([2.0])}
    )
    assert list(result.to_dict()) == ["value", "lowercl", "uppercl"]
    with pytest.raises(ValueError, match="same levels"):
        IntervalResult(value=np.array([1.0]), lower={0.95: np.array([0.0])}, upper={})


@pytest.mark.parametrize("by", ["year", ["area", "year"]])
def test_pandas_results_are_built_as_the_general_path_builds_them(frame, monkeypatch, by):
    from equityhub.stats import _native

    groups = group_rows(frame, by)
    columns = {
        "statistic": "rate per 100",
        "value": np.arange(groups.n_groups, dtype=float),
        "count": np.int64(3),
        "method": np.array(["Exact", None, "Byars", "Byars", "Exact"][: groups.n_groups], object),
    }
    direct = groups.to_frame(columns)
    monkeypatch.setattr(_native, "_pandas_build", lambda *args, **kwargs: None)
    general = groups.to_frame(columns)
    assert list(direct.columns) == list(general.columns)
    assert direct.dtypes.equals(general.dtypes)
    pd.testing.assert_frame_equal(direct, general)


def test_text_columns_with_missing_values_become_polars_text_with_nulls():
    like = pl.DataFrame({"k": [1]})
    labels = np.array(["Byars", None, "Exact", np.nan, "Byars"], dtype=object)
    built = make_frame({"method": labels, "fixed": np.array(["a", "b", "c", "d", "e"])}, like=like)
    assert built.schema["method"] == pl.String and built.schema["fixed"] == pl.String
    assert built["method"].to_list() == ["Byars", None, "Exact", None, "Byars"]
    assert built["fixed"].null_count() == 0
