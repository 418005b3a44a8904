"""XmR charts and Making Data Count special-cause rules (equityhub.stats.spc)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equityhub.stats.spc import xmr

# A stable series: mean 10, moving ranges 2,2,2,2,2,2,2,2 (worked by hand).
STABLE = [9, 11, 9, 11, 9, 11, 9, 11, 10]


def test_limits_from_mean_and_mean_moving_range() -> None:
    chart = xmr(STABLE)
    assert chart.mean == pytest.approx(10.0, rel=1e-12)
    assert chart.mean_moving_range == pytest.approx(15 / 8, rel=1e-12)  # 7 x 2 + 1, over 8
    assert chart.upper_limit == pytest.approx(10 + 2.66 * 15 / 8, rel=1e-12)
    assert chart.lower_limit == pytest.approx(10 - 2.66 * 15 / 8, rel=1e-12)
    assert chart.sigma == pytest.approx(15 / 8 / 1.128, rel=1e-12)
    assert np.isnan(chart.moving_range[0])
    assert chart.moving_range[1:].tolist() == [2, 2, 2, 2, 2, 2, 2, 1]
    assert not chart.special_cause.any()
    assert chart.variation_icon == "common cause"


def test_point_beyond_the_limits() -> None:
    chart = xmr([*STABLE, 30], improvement="decrease")
    assert chart.beyond_limits.tolist() == [False] * 9 + [True]
    assert chart.variation[-1] == "special cause concern"
    assert chart.variation_icon == "special cause concern"


def test_shift_of_seven_on_one_side() -> None:
    values = [10, 12, 8, 11, 9, 10.5, 10.6, 10.7, 10.4, 10.8, 10.2, 10.3, 5, 9]
    chart = xmr(values, improvement="increase", screen_outliers=False)
    assert chart.mean == pytest.approx(np.mean(values))
    above = np.asarray(values) > chart.mean
    assert above[5:12].all() and not above[4] and not above[12]
    assert chart.shift.tolist() == [False] * 5 + [True] * 7 + [False] * 2
    assert xmr(values, shift=8).shift.sum() == 0
    assert chart.variation[6] == "special cause improvement"


def test_trend_of_six_rising_points() -> None:
    values = [4, 6, 3, 5, 1, 2, 3, 4, 5, 6, 5.5, 2, 6, 3]
    chart = xmr(values, improvement="decrease")
    assert chart.trend.tolist() == [False] * 4 + [True] * 6 + [False] * 4
    assert not (chart.shift | chart.beyond_limits | chart.near_limits).any()
    # Rising is the wrong way when lower is better, even below the mean.
    assert chart.variation[5] == "special cause concern"
    assert xmr(values, trend=7).trend.sum() == 0


def test_two_of_three_beyond_two_sigma() -> None:
    base = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9]
    chart = xmr([*base, 12.6, 10, 12.7], baseline=12)
    assert chart.upper_two_sigma < 12.6 < chart.upper_limit
    assert chart.near_limits.tolist() == [False] * 12 + [True, False, True]
    assert chart.variation_icon == "special cause neither high"
    single = xmr([*base, 12.6, 10, 10], baseline=12)
    assert not single.near_limits.any()


def test_baseline_fixes_mean_and_limits() -> None:
    chart = xmr([*STABLE, 20, 21, 22], baseline=9)
    assert chart.mean == pytest.approx(10.0)
    assert chart.baseline == 9
    assert chart.beyond_limits[-3:].all()


def test_screen_outliers_drops_large_moving_ranges() -> None:
    values = [10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 30, 10]
    screened, raw = xmr(values), xmr(values, screen_outliers=False)
    assert screened.mean_moving_range == pytest.approx(0.5)
    assert raw.mean_moving_range > screened.mean_moving_range


@pytest.mark.parametrize(
    ("improvement", "target", "expected"),
    [
        ("increase", 0, "pass"),
        ("increase", 100, "fail"),
        ("increase", 10, "hit and miss"),
        ("decrease", 100, "pass"),
        ("decrease", 0, "fail"),
        ("neither", 10, None),
        ("increase", None, None),
    ],
)
def test_assurance(improvement: str, target: float | None, expected: str | None) -> None:
    chart = xmr(STABLE, improvement=improvement, target=target)  # type: ignore[arg-type]
    assert chart.assurance == expected


def test_result_is_frozen() -> None:
    chart = xmr(STABLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.mean = 3  # type: ignore[misc]
    with pytest.raises(ValueError):
        chart.values[0] = 1
    assert len(chart) == 9


@pytest.mark.parametrize(
    ("values", "options", "error", "message"),
    [
        ([1], {}, ValueError, "at least 2 points"),
        ([1, np.nan, 3], {}, ValueError, "missing or infinite value at position 1"),
        ([1, 2, 3], {"improvement": "up"}, ValueError, "improvement: 'up'"),
        ([1, 2, 3], {"shift": 1}, ValueError, "shift: run length"),
        ([1, 2, 3], {"baseline": 5}, ValueError, "baseline: must be between 2 and the 3"),
        ([1, 2, 3], {"baseline": 2.5}, TypeError, "baseline: 2.5 is not a whole number"),
        (["a", "b"], {}, TypeError, "values: values must be numbers"),
    ],
)
def test_bad_input(
    values: list[object], options: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        xmr(values, **options)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=60))
def test_properties(values: list[float]) -> None:
    chart = xmr(values)
    assert chart.lower_limit <= chart.mean <= chart.upper_limit
    assert chart.lower_limit <= chart.lower_two_sigma <= chart.upper_two_sigma <= chart.upper_limit
    x = np.asarray(values)
    assert (chart.beyond_limits == ((x > chart.upper_limit) | (x < chart.lower_limit))).all()
    common = chart.variation == "common cause"
    assert (common == ~chart.special_cause).all()
    flipped = xmr([-v for v in values])
    assert (flipped.special_cause == chart.special_cause).all()


def test_grouped_charts_pandas_and_polars() -> None:
    import pandas as pd
    import polars as pl

    from equityhub.stats.spc import xmr_by

    months = ["2024-03", "2024-01", "2024-02", "2024-04", "2024-01"]
    table = pd.DataFrame(
        {"trust": ["A", "A", "A", "A", "B"], "month": months, "rate": [11, 9, 11, 9, 4]}
    )
    out = xmr_by(table, value="rate", by="trust", order="month", improvement="decrease")
    assert out["month"].tolist() == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-01"]
    assert out["value"].tolist() == [9, 11, 11, 9, 4]
    assert out["mean"].iloc[0] == pytest.approx(10.0)
    assert out["note"].iloc[-1] == "fewer than 2 points: no chart"
    assert list(out.columns)[:3] == ["trust", "month", "value"]
    polars_out = xmr_by(
        pl.from_dict(table.to_dict("list")), value="rate", by="trust", order="month"
    )
    assert isinstance(polars_out, pl.DataFrame)
    assert polars_out["mean"].to_list()[:4] == pytest.approx([10.0] * 4)
    table.loc[2, "rate"] = np.nan
    with pytest.raises(ValueError, match=r"value: missing or infinite value at row 2"):
        xmr_by(table, value="rate", by="trust")
