"""Trend test for an inequality measure (inverse-variance weighted regression on time).

Checked against scipy.stats.linregress (ordinary least squares is the equal-SE special case)
and against hand-computed fixed-effect meta-regression formulas.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from equityhub.stats.trend import NARROWED, NO_CHANGE, WIDENED, inequality_trend

YEARS = np.arange(2015, 2021)


def test_equal_se_with_scatter_matches_ordinary_least_squares() -> None:
    sii = np.array([5.0, 5.9, 6.1, 7.4, 7.2, 8.6])
    ols = sps.linregress(YEARS, sii)
    result = inequality_trend(YEARS, sii, np.full(6, 0.1))
    assert result.value == pytest.approx(ols.slope, rel=1e-12)
    assert result.se == pytest.approx(ols.stderr, rel=1e-10)
    assert result.p_value == pytest.approx(ols.pvalue, rel=1e-8)
    assert result.dispersion > 1
    t = sps.t.ppf(0.975, 4)
    assert result.confidence_interval(0.95) == pytest.approx(
        (ols.slope - t * ols.stderr, ols.slope + t * ols.stderr), rel=1e-10
    )
    assert result.verdict == WIDENED
    assert result.sentence.startswith("The gap has widened significantly")


def test_fixed_dispersion_is_meta_regression() -> None:
    se = np.array([0.5, 0.4, 0.6, 0.5, 0.3, 0.5])
    sii = np.array([4.0, 3.9, 3.5, 3.6, 3.0, 3.1])
    w = 1 / se**2
    t_bar = np.sum(w * YEARS) / w.sum()
    s_tt = np.sum(w * (YEARS - t_bar) ** 2)
    slope = np.sum(w * (YEARS - t_bar) * sii) / s_tt
    result = inequality_trend(YEARS, sii, se, dispersion="fixed")
    assert result.value == pytest.approx(slope, rel=1e-12)
    assert result.se == pytest.approx(1 / np.sqrt(s_tt), rel=1e-12)
    assert result.p_value == pytest.approx(2 * sps.norm.sf(abs(slope) * np.sqrt(s_tt)))
    assert result.verdict == NARROWED


def test_negative_gap_moving_away_from_zero_widens() -> None:
    result = inequality_trend(YEARS, -np.linspace(2, 4, 6), np.full(6, 0.05))
    assert result.verdict == WIDENED


def test_ratio_uses_null_one() -> None:
    rii = np.array([1.5, 1.45, 1.4, 1.33, 1.3, 1.22])
    result = inequality_trend(YEARS, rii, np.full(6, 0.01), null=1.0, measure="RII")
    assert result.verdict == NARROWED and "RII" in result.sentence


def test_noisy_series_is_no_significant_change() -> None:
    result = inequality_trend(YEARS, [5.0, 6.0, 4.8, 6.1, 5.0, 5.9], np.full(6, 1.0))
    assert result.verdict == NO_CHANGE
    assert result.sentence.startswith("There has been no significant change")


def test_two_periods_fall_back_to_fixed() -> None:
    result = inequality_trend([2019, 2024], [3.0, 5.0], [0.5, 0.5])
    assert result.dispersion == 1.0
    assert result.value == pytest.approx(0.4)
    assert result.se == pytest.approx(np.sqrt(0.5) / 5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([2019, 2019], [1.0, 2.0], [0.1, 0.1]), "period: need at least two"),
        (([2019, 2020], [1.0, np.nan], [0.1, 0.1]), "estimate: missing"),
        (([2019, 2020], [1.0, 2.0], [0.1, 0.0]), "se: must be above 0"),
        (([2019, 2020, 2021], [1.0, 2.0], [0.1, 0.1]), "same length"),
    ],
)
def test_bad_input(args: tuple[list[float], ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        inequality_trend(*args)


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="dispersion"):
        inequality_trend(YEARS, YEARS * 1.0, np.ones(6), dispersion="robust")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="confidence"):
        inequality_trend(YEARS, YEARS * 1.0, np.ones(6), conf_level=0.5)


def test_grouped_matches_one_series_per_group() -> None:
    import pandas as pd

    from equityhub.stats.trend import TOO_FEW, inequality_trend_grouped

    widening = np.array([5.0, 5.9, 6.1, 7.4, 7.2, 8.6])
    narrowing = np.array([4.0, 3.9, 3.5, 3.6, 3.0, 3.1])
    frame = pd.DataFrame({
        "area": ["B"] * 6 + ["A"] * 6 + ["C"],
        "year": [*YEARS, *YEARS[::-1], 2020],
        "sii": [*widening, *narrowing[::-1], 1.0],
        "se": [0.1] * 6 + [0.5, 0.3, 0.5, 0.6, 0.4, 0.5] + [0.2],
    })  # fmt: skip
    out = inequality_trend_grouped(frame, by="area", period="year", estimate="sii", se="se")
    assert out["area"].tolist() == ["A", "B", "C"]
    a = inequality_trend(YEARS, narrowing, [0.5, 0.4, 0.6, 0.5, 0.3, 0.5])
    b = inequality_trend(YEARS, widening, np.full(6, 0.1))
    for row, single in ((0, a), (1, b)):
        assert out["slope"][row] == pytest.approx(single.value, rel=1e-12)
        assert out["lower_95"][row] == pytest.approx(single.lower[0.95], rel=1e-10)
        assert out["p_value"][row] == pytest.approx(single.p_value, rel=1e-10)
        assert out["verdict"][row] == single.verdict
        assert out["sentence"][row] == single.sentence
    assert out["verdict"][2] == TOO_FEW and np.isnan(out["slope"][2])
    phe = inequality_trend_grouped(frame, by="area", period="year", estimate="sii", se="se",
                                   names="phe")  # fmt: skip
    assert phe["lowercl"].tolist()[:2] == out["lower_95"].tolist()[:2]


def test_grouped_error_names_the_group() -> None:
    import pandas as pd

    from equityhub.stats.trend import inequality_trend_grouped

    frame = pd.DataFrame({"area": ["A", "A"], "year": [2019, 2020], "sii": [1.0, 2.0],
                          "se": [0.1, -0.1]})  # fmt: skip
    with pytest.raises(ValueError, match=r"se: must be above 0 .*group area='A'"):
        inequality_trend_grouped(frame, by="area", period="year", estimate="sii", se="se")
