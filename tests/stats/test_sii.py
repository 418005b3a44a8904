"""SII and RII against PHEindicatormethods 2.1.0 (``phe_sii``).

Reference: tests/stats/data/phe/testdata_SII__testdata_SII.csv, the package's own fixture
(``tests/testthat/testdata_SII.xlsx``); the scenarios and options follow its ``testSII.R``.
Point values (SII, RII, intercept) must match within relative 1e-9. The limits are Monte Carlo
(R's random stream is not reproduced): they must lie within max(3% of the reference limit,
3% of the reference interval's width) at 100,000 repetitions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from equityhub.stats._sii_reference import sii_reference_loop
from equityhub.stats.sii import SIIResult, sii, sii_grouped

PHE_DATA = Path(__file__).parent / "data" / "phe"
FIXTURE = "testdata_SII__testdata_SII.csv"
BASE = {"by": "Area", "quantile": "Quantile", "population": "Population"}
SE = {"value": "Value", "se": "StandardError"}
CLS = {"value": "Value", "lower_cl": "LowerCL", "upper_cl": "UpperCL"}

# (first record, last record, options, reference records, compare limits?)
SCENARIOS: list[tuple[str, int, int, dict[str, Any], tuple[int, int], bool]] = [
    ("normal, se", 1, 20, {**SE, "rii": True}, (1, 11), True),
    ("normal, limits", 1, 20, {**CLS, "rii": True}, (1, 11), True),
    ("normal, 99%", 21, 40, {**CLS, "rii": True, "confidence": 0.99}, (21, 31), True),
    ("normal, 99 as %", 21, 40, {**SE, "rii": True, "confidence": 99}, (21, 31), True),
    ("normal, 95 and 99", 226, 245, {**SE, "rii": True, "confidence": [95, 99]}, (226, 236), True),
    ("normal, intercept", 1, 20, {**CLS, "rii": True, "intercept": True}, (246, 256), True),
    ("normal, 10k reference", 41, 60, {**SE, "rii": True}, (41, 51), True),
    ("quintiles", 61, 70, {**SE, "rii": True}, (61, 66), False),
    ("rate, se", 71, 90, {**SE, "rii": True, "value_type": 1}, (71, 81), True),
    ("rate, limits", 71, 90, {**CLS, "rii": True, "value_type": 1}, (71, 81), True),
    ("rate, intercept", 71, 90, {**CLS, "rii": True, "value_type": 1}, (266, 276), True),
    ("rate, log", 306, 325, {**CLS, "rii": True, "value_type": 1, "transform": True},
     (306, 316), True),
    ("rate, log, m=-1", 386, 405,
     {**CLS, "rii": True, "value_type": 1, "transform": True, "multiplier": -1}, (386, 396), True),
    ("rate, log, 98%", 406, 425,
     {**CLS, "rii": True, "value_type": 1, "transform": True, "confidence": 98}, (406, 416), True),
    ("rate, log, 95 and 98", 366, 385,
     {**CLS, "rii": True, "value_type": 1, "transform": True, "confidence": [95, 98]},
     (366, 376), True),
    ("rate, log, no rii", 426, 445, {**CLS, "value_type": 1, "transform": True}, (426, 436), True),
    ("proportion, se", 91, 110, {**SE, "rii": True, "value_type": 2}, (91, 101), True),
    ("proportion, limits", 91, 110, {**CLS, "rii": True, "value_type": 2}, (91, 101), True),
    ("proportion, count", 91, 110,
     {"x": "Count", "lower_cl": "LowerCL", "upper_cl": "UpperCL", "rii": True, "value_type": 2},
     (91, 101), True),
    ("proportion as rate, intercept", 91, 110, {**CLS, "rii": True, "value_type": 1},
     (286, 296), True),
    ("proportion, m=100", 111, 130, {**CLS, "rii": True, "value_type": 2, "multiplier": 100},
     (111, 121), True),
    ("proportion, m=-100", 131, 150, {**CLS, "rii": True, "value_type": 2, "multiplier": -100},
     (131, 141), True),
    ("proportion, logit", 326, 345, {**CLS, "rii": True, "value_type": 2, "transform": True},
     (326, 336), True),
    ("proportion, logit, m=-1", 346, 365,
     {**CLS, "rii": True, "value_type": 2, "transform": True, "multiplier": -1}, (346, 356), True),
    ("proportion, logit, 98%", 466, 485,
     {**CLS, "rii": True, "value_type": 2, "transform": True, "confidence": 98}, (466, 476), True),
    ("proportion, logit, 95 and 98", 486, 505,
     {**CLS, "rii": True, "value_type": 2, "transform": True, "confidence": [95, 98]},
     (486, 496), True),
    ("proportion, logit, no rii", 446, 465, {**CLS, "value_type": 2, "transform": True},
     (446, 456), True),
]  # fmt: skip


@pytest.fixture(scope="module")
def fixture_rows() -> pd.DataFrame:
    return pd.read_csv(PHE_DATA / FIXTURE, encoding="utf-8-sig").set_index("RecordNo")


def records(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    return frame.loc[first:last].reset_index()


def limit_tolerance(ref_lower: float, ref_upper: float, ref: float) -> float:
    return max(0.03 * abs(ref), 0.03 * abs(ref_upper - ref_lower))


@pytest.mark.parametrize(("name", "first", "last", "options", "refs", "limits"), SCENARIOS,
                         ids=[s[0] for s in SCENARIOS])  # fmt: skip
def test_phe_scenarios(
    fixture_rows: pd.DataFrame,
    name: str,
    first: int,
    last: int,
    options: dict[str, Any],
    refs: tuple[int, int],
    limits: bool,
) -> None:
    out = sii_grouped(records(fixture_rows, first, last), **BASE, **options)
    expected = fixture_rows.loc[list(refs)].reset_index()
    np.testing.assert_allclose(out["sii"], expected["sii"], rtol=1e-9)
    if options.get("rii"):
        np.testing.assert_allclose(out["rii"], expected["rii"], rtol=1e-9)
    if options.get("intercept"):
        np.testing.assert_allclose(out["intercept"], expected["Intercept"], rtol=1e-9)
    if not limits:
        return
    levels = options.get("confidence", 0.95)
    n_levels = len(levels) if isinstance(levels, list) else 1
    suffixes = [c[len("sii_lower") :] for c in out.columns if c.startswith("sii_lower")]
    assert len(suffixes) == n_levels
    for position, suffix in enumerate(suffixes, start=1):
        for measure in ("sii", "rii") if options.get("rii") else ("sii",):
            ref_lo = expected[f"{measure}_lowercl_{position}"].to_numpy()
            ref_hi = expected[f"{measure}_uppercl_{position}"].to_numpy()
            for ours, ref in ((out[f"{measure}_lower{suffix}"], ref_lo),
                              (out[f"{measure}_upper{suffix}"], ref_hi)):  # fmt: skip
                for got, want, lo, hi in zip(ours, ref, ref_lo, ref_hi, strict=True):
                    assert abs(got - want) <= limit_tolerance(lo, hi, want), (measure, suffix)


def test_one_area_matches_grouped(fixture_rows: pd.DataFrame) -> None:
    area = records(fixture_rows, 1, 10)
    result = sii(area["Quantile"], area["Population"], value=area["Value"],
                 se=area["StandardError"], rii=True, repetitions=20_000)  # fmt: skip
    grouped = sii_grouped(area, **BASE, **SE, rii=True, repetitions=20_000)
    assert isinstance(result, SIIResult)
    assert result.value == pytest.approx(6.934616473668819, rel=1e-9)
    assert result.confidence_interval(0.95) == pytest.approx(
        (grouped["sii_lower95_0cl"][0], grouped["sii_upper95_0cl"][0]), rel=1e-12
    )
    assert result.rii_interval(95)[0] == pytest.approx(grouped["rii_lower95_0cl"][0], rel=1e-12)


def test_row_order_does_not_matter(fixture_rows: pd.DataFrame) -> None:
    data = records(fixture_rows, 71, 90)
    shuffled = data.sample(frac=1, random_state=3)
    first = sii_grouped(data, **BASE, **SE, value_type=1, rii=True, repetitions=5_000)
    second = sii_grouped(shuffled, **BASE, **SE, value_type=1, rii=True, repetitions=5_000)
    pd.testing.assert_frame_equal(first, second, rtol=1e-12)


def test_seed_reproduces_and_changes() -> None:
    q, pop = np.arange(1, 11), np.full(10, 1000.0)
    val, err = 70 + q * 0.5, np.full(10, 1.0)
    first = sii(q, pop, value=val, se=err, repetitions=5_000, seed=7)
    again = sii(q, pop, value=val, se=err, repetitions=5_000, seed=7)
    other = sii(q, pop, value=val, se=err, repetitions=5_000, seed=8)
    assert first.lower == again.lower
    assert first.lower != other.lower


@pytest.mark.parametrize(("value_type", "transform"), [(0, False), (1, False), (1, True),
                                                       (2, False), (2, True)])  # fmt: skip
def test_vectorised_agrees_with_reference_loop(
    fixture_rows: pd.DataFrame, value_type: int, transform: bool
) -> None:
    data = records(fixture_rows, {0: 1, 1: 71, 2: 91}[value_type],
                   {0: 20, 1: 90, 2: 110}[value_type])  # fmt: skip
    fast = sii_grouped(data, **BASE, **CLS, value_type=value_type, transform=transform,
                       rii=True, repetitions=20_000)  # fmt: skip
    values = sii_grouped(data, **BASE, **CLS, value_type=value_type, transform=transform,
                         rii=True, ci_method="analytic")  # fmt: skip
    z = 1.959963984540054
    from equityhub.stats._sii_engine import link

    se_g = (link(data["UpperCL"].to_numpy(), value_type)
            - link(data["LowerCL"].to_numpy(), value_type)) / (2 * z)  # fmt: skip
    slow = sii_reference_loop(data["Area"], data["Quantile"], data["Population"], data["Value"],
                              se_g, value_type=value_type, transform=transform,
                              repetitions=20_000)  # fmt: skip
    np.testing.assert_allclose(slow["sii"], fast["sii"], rtol=1e-9)
    np.testing.assert_allclose(slow["rii"], fast["rii"], rtol=1e-9)
    for measure in ("sii", "rii"):
        lo, hi = fast[f"{measure}_lower95_0cl"], fast[f"{measure}_upper95_0cl"]
        width = (hi - lo).to_numpy()
        for name, ours in (("lower", lo), ("upper", hi)):
            theirs = slow[f"{measure}_{name}"][:, 0]
            assert np.all(np.abs(theirs - ours) <= 0.05 * width), (measure, name)
            analytic = values[f"{measure}_{name}95_0cl"]
            assert np.all(np.abs(analytic - ours) <= 0.1 * width), (measure, name, "analytic")


def test_analytic_normal_matches_closed_form() -> None:
    q, pop = np.arange(1, 6), np.array([100.0, 200, 300, 200, 100])
    val, err = np.array([10.0, 12, 13, 15, 18]), np.array([1.0, 0.5, 0.5, 0.5, 1.0])
    share = pop / pop.sum()
    b = np.cumsum(share) - share / 2
    design = np.column_stack([np.ones(5), b])
    cov = np.linalg.inv(design.T @ np.diag(share) @ design)
    coef_map = cov @ design.T @ np.diag(share)
    slope_se = np.sqrt(np.sum(coef_map[1] ** 2 * err**2))
    result = sii(q, pop, value=val, se=err, ci_method="analytic")
    assert result.value == pytest.approx((coef_map[1] @ val), rel=1e-12)
    assert result.lower[0.95] == pytest.approx(result.value - 1.959963984540054 * slope_se)


def test_incomplete_area_gets_note_and_warning(fixture_rows: pd.DataFrame) -> None:
    data = records(fixture_rows, 1, 20).drop(index=15)  # area2 loses quantile 6
    with pytest.warns(UserWarning, match="lack some quantiles"):
        out = sii_grouped(data, **BASE, **CLS, repetitions=2_000)
    assert out["sii"][0] == pytest.approx(6.934616473668819, rel=1e-9)
    assert np.isnan(out["sii"][1])
    assert "quantile(s) 6 missing" in out["note"][1]


def test_many_quantiles_warn(fixture_rows: pd.DataFrame) -> None:
    with pytest.warns(UserWarning, match="unstable"):
        sii_grouped(records(fixture_rows, 211, 225), **BASE, **CLS, repetitions=2_000)


ERRORS: list[tuple[int, int, dict[str, Any], type[Exception], str]] = [
    (151, 160, SE, ValueError, "population: zero, negative or missing"),
    (161, 165, SE, ValueError, "se: negative or missing standard error"),
    (191, 200, SE, ValueError, "se: negative or missing standard error"),
    (166, 170, {"x": "Count", "se": "StandardError", "value_type": 2}, ValueError, "x: zero"),
    (1, 20, {**SE, "value_type": 2}, ValueError, "value: proportions"),
    (171, 175, {**CLS, "value_type": 2}, ValueError, "upper_cl: proportions"),
    (176, 180, {**CLS, "value_type": 2}, ValueError, "lower_cl: proportions"),
    (1, 3, CLS, ValueError, "number of quantiles must be between 5 and 100"),
    (191, 200, CLS, ValueError, "lower_cl: missing confidence limit"),
    (181, 190, CLS, ValueError, "value: missing value"),
    (1, 20, {"se": "StandardError"}, ValueError, "value: give value"),
    (1, 20, {"value": "Value"}, ValueError, "se: give se"),
    (1, 20, {**SE, "value_type": 3}, ValueError, "value_type"),
    (1, 20, {**SE, "value_type": "rate"}, ValueError, "value_type"),
    (1, 20, {**SE, "multiplier": "none"}, TypeError, "multiplier"),
    (1, 20, {**SE, "repetitions": 0}, ValueError, "repetitions: 0 is below 1000"),
    (1, 20, {**SE, "repetitions": "none"}, TypeError, "repetitions"),
    (1, 20, {**SE, "confidence": 0.35}, ValueError, "confidence"),
    (1, 20, {**SE, "confidence": 40}, ValueError, "confidence"),
    (1, 20, {**SE, "confidence": 135}, ValueError, "confidence"),
    (1, 20, {**CLS, "transform": True}, ValueError, "value_type should be 1 or 2"),
    (1, 20, {**SE, "transform": True, "value_type": 1}, ValueError, "leave se out"),
]


@pytest.mark.parametrize(("first", "last", "options", "error", "message"), ERRORS)
def test_reference_error_cases(
    fixture_rows: pd.DataFrame,
    first: int,
    last: int,
    options: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        sii_grouped(records(fixture_rows, first, last), **BASE, **options)


def test_error_names_the_group(fixture_rows: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"row 1 \(group Area='area1'\)"):
        sii_grouped(records(fixture_rows, 151, 160), **BASE, **SE)


def test_polars_in_polars_out(fixture_rows: pd.DataFrame) -> None:
    pl = pytest.importorskip("polars")
    data = pl.DataFrame(
        records(fixture_rows, 1, 20)[
            ["Area", "Quantile", "Population", "Value", "StandardError"]
        ].to_dict("list")
    )
    out = sii_grouped(data, **BASE, **SE, repetitions=2_000)
    assert isinstance(out, pl.DataFrame)
    assert out["sii"].to_list() == pytest.approx([6.934616473668819, 12.547846636351798])


def test_no_limits_and_duplicates() -> None:
    q, pop = np.arange(1, 6), np.full(5, 10.0)
    result = sii(q, pop, value=q * 2.0, se=np.ones(5), confidence=None)
    assert result.value == pytest.approx(10.0) and dict(result.lower) == {}  # y = 10 b + 1
    with pytest.raises(ValueError, match="each quantile must appear once"):
        sii(np.array([1, 1, 2, 3, 4, 5]), np.ones(6), value=np.ones(6), se=np.ones(6))


@pytest.mark.parametrize("value_type", [0, 1, 2])
def test_zero_standard_errors_give_limits_at_the_estimate(value_type: int) -> None:
    q, pop = np.arange(1, 6), np.array([300.0, 250, 200, 150, 100])
    value = np.array([0.30, 0.25, 0.22, 0.18, 0.12])
    result = sii(q, pop, value=value, se=np.zeros(5), value_type=value_type, rii=True,
                 repetitions=1_000)  # fmt: skip
    assert result.lower[0.95] == result.value == result.upper[0.95]
    assert result.rii_interval(0.95) == (result.rii, result.rii)


@pytest.mark.parametrize(("value_type", "transform"), [(0, False), (1, False), (2, True)])
def test_se_matches_the_analytic_interval(value_type: int, transform: bool) -> None:
    q, pop = np.arange(1, 6), np.array([300.0, 250, 200, 150, 100])
    value = np.array([0.30, 0.25, 0.22, 0.18, 0.12])
    result = sii(q, pop, value=value, lower_cl=value * 0.9, upper_cl=value * 1.1,
                 value_type=value_type, transform=transform, ci_method="analytic",
                 multiplier=-100)  # fmt: skip
    low, high = result.confidence_interval(0.95)
    assert result.se > 0
    if not transform:
        assert (high - low) / 2 == pytest.approx(1.959963984540054 * result.se, rel=1e-9)
    else:  # delta method on the SII against limits mapped from the g scale: close, not equal
        assert (high - low) / 2 == pytest.approx(1.959963984540054 * result.se, rel=0.15)


def test_grouped_reports_the_se(fixture_rows: pd.DataFrame) -> None:
    out = sii_grouped(records(fixture_rows, 1, 20), **BASE, **SE, repetitions=1_000)
    assert np.all(out["sii_se"] > 0)


def test_rii_interval_needs_rii() -> None:
    q = np.arange(1, 6)
    result = sii(q, np.full(5, 10.0), value=q * 1.0, se=np.ones(5), repetitions=1_000)
    with pytest.raises(ValueError, match="pass rii=True"):
        result.rii_interval(0.95)
