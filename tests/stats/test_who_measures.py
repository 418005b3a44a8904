"""WHO summary measures: which subgroups are compared, notes instead of crashes, bad input.

Expected values are worked by hand from the definitions in WHO's Handbook on health inequality
monitoring (2013) and healthequal 1.0.1's code as described in its METHODS notes.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import pytest

from equityhub.stats.who import MEASURES, WHOResult, summary_measures

EST = np.array([60.0, 70.0, 75.0, 82.0, 90.0])
SE = np.array([2.0, 1.5, 1.2, 1.0, 0.8])
POP = np.array([100.0, 120.0, 130.0, 110.0, 90.0])
ORDER = np.array([1, 2, 3, 4, 5])


def one(measure: str, estimate: Any = EST, **options: Any) -> WHOResult:
    result = summary_measures(estimate, measure=measure, **options)
    assert isinstance(result, WHOResult)
    return result


def test_ordered_difference_follows_direction() -> None:
    favourable = one("d", se=SE, order=ORDER, favourable=True)
    adverse = one("d", se=SE, order=ORDER, favourable=False)
    assert favourable.value == 90 - 60 and adverse.value == 60 - 90
    assert favourable.se == pytest.approx(np.hypot(2.0, 0.8))
    assert favourable.confidence_interval() == pytest.approx(
        (30 - 1.959963984540054 * favourable.se, 30 + 1.959963984540054 * favourable.se)
    )


def test_ordered_uses_order_not_position() -> None:
    shuffled = np.array([2, 0, 4, 1, 3])
    result = one("r", EST[shuffled], se=SE[shuffled], order=ORDER[shuffled])
    assert result.value == pytest.approx(90 / 60)
    assert result.se == pytest.approx(np.sqrt((0.8 / 90) ** 2 + (2 / 60) ** 2))


def test_non_ordered_without_reference_is_max_minus_min_either_direction() -> None:
    assert one("d", favourable=True).value == 30
    assert one("d", favourable=False).value == 30  # healthequal's code, not its docs
    assert one("r", favourable=False).value == pytest.approx(1.5)


def test_non_ordered_with_reference() -> None:
    ref = [0, 0, 1, 0, 0]
    assert one("d", reference=ref, favourable=True).value == 75 - 60
    assert one("d", reference=ref, favourable=False).value == 90 - 75


def test_ties_use_first_subgroup_with_a_note() -> None:
    result = one("d", [60.0, 60.0, 75.0, 90.0], se=[1.0, 2.0, 1.0, 1.0], reference=[0, 0, 1, 0])
    assert result.value == 15 and result.se == pytest.approx(np.sqrt(2)) and "tie" in result.note


def test_paf_and_par() -> None:
    mean = np.sum(POP * EST) / POP.sum()
    paf = one("paf", se=SE, population=POP, order=ORDER)
    par = one("par", se=SE, population=POP, order=ORDER)
    assert paf.value == pytest.approx(100 * (90 - mean) / mean)
    assert par.value == pytest.approx(90 - mean)
    adverse = one("par", population=POP, favourable=False)
    assert adverse.value == pytest.approx(60 - mean)
    # Best (top-order) subgroup worse than the mean: the attributable share is 0.
    zeroed = one("paf", [90.0, 60.0, 70.0], population=[1, 1, 1], order=[1, 2, 3])
    assert zeroed.value == 0
    assert one("paf", setting_average=80.0).value == pytest.approx(100 * (90 - 80) / 80)


def test_concentration_index_is_twice_the_covariance() -> None:
    w = POP / POP.sum()
    rank = (np.cumsum(POP) - POP / 2) / POP.sum()
    mean = np.sum(w * EST)
    aci = one("aci", se=SE, population=POP, order=ORDER)
    assert aci.value == pytest.approx(2 * np.sum(w * (EST - mean) * (rank - 0.5)), rel=1e-12)
    assert one("rci", se=SE, population=POP, order=ORDER).value == pytest.approx(aci.value / mean)


def test_between_group_and_disparity_measures() -> None:
    w = POP / POP.sum()
    mean = np.sum(w * EST)
    results = summary_measures(EST, se=SE, population=POP, reference=[0, 0, 1, 0, 0])
    assert isinstance(results, dict) and list(results) == list(MEASURES)
    assert results["bgv"].value == pytest.approx(np.sum(w * (EST - mean) ** 2))
    assert results["cov"].value == pytest.approx(100 * np.sqrt(results["bgv"].value) / mean)
    assert results["idisw"].value == pytest.approx(100 * np.sum(w * abs(EST - mean)) / mean)
    assert results["mdbu"].value == pytest.approx(np.mean(90 - EST))
    assert results["mdrw"].value == pytest.approx(np.sum(w * abs(EST - 75)))
    assert results["mld"].value == pytest.approx(1000 * np.sum(w * -np.log(EST / mean)))
    for name in ("bgsd", "cov", "idisu", "mdmw", "mdru"):
        assert results[name].lower[0.95] < results[name].value < results[name].upper[0.95], name


@pytest.mark.parametrize(
    ("measure", "options", "note"),
    [
        ("sii", {"population": POP}, "ordered dimension"),
        ("aci", {"population": POP, "order": [1, 2, 4, 5, 6]}, "consecutive integers"),
        ("mdru", {"population": POP}, "reference subgroup"),
        ("bgv", {}, "populations"),
        ("sii", {"population": POP, "order": ORDER, "estimate": [5.0] * 5}, "all estimates"),
        ("rii", {"population": POP, "order": ORDER, "estimate": [1.0, 2.0, np.nan, 3, 4]},
         "missing"),
        ("d", {"estimate": [np.nan, 2.0, 3.0]}, "15%"),
        ("idisu", {}, "setting average"),
        ("rii", {"population": POP / POP.sum(), "order": ORDER}, "look like shares"),
    ],
)  # fmt: skip
def test_measures_that_do_not_apply_give_a_note(
    measure: str, options: dict[str, Any], note: str
) -> None:
    estimate = options.pop("estimate", EST)
    result = one(measure, estimate, **options)
    assert not result.applies and note in result.note


def test_bgv_needs_more_than_two_subgroups() -> None:
    result = one("bgv", [1.0, 2.0], population=[1.0, 1.0])
    assert not result.applies and "more than 2" in result.note


def test_limits_from_confidence_limits_and_level() -> None:
    from_limits = one("d", lower=EST - 1.959963984540054 * SE, upper=EST + 1.959963984540054 * SE,
                      order=ORDER)  # fmt: skip
    assert from_limits.se == pytest.approx(np.hypot(2.0, 0.8))
    narrow = one("d", se=SE, order=ORDER, conf_level=90)
    assert narrow.confidence == (0.9,)
    assert narrow.upper[0.9] < from_limits.upper[0.95]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"measure": "gini"}, ValueError, "measure: 'gini'"),
        ({"se": -SE}, ValueError, "se: negative"),
        ({"reference": [1, 1, 0, 0, 0]}, ValueError, "more than one"),
        ({"population": [1.0, np.nan, 1, 1, 1]}, ValueError, "population: missing"),
        ({"population": [1.0, 2.0]}, ValueError, "same length"),
        ({"scale": -1}, ValueError, "scale"),
        ({"estimate": ["a", "b"]}, TypeError, "estimate"),
    ],
)
def test_bad_input(options: dict[str, Any], error: type[Exception], message: str) -> None:
    estimate = options.pop("estimate", EST)
    with pytest.raises(error, match=message):
        summary_measures(estimate, **options)


def test_normal_stream_is_rs() -> None:
    from equityhub.stats.who._rng import RNormal

    # Well-known R output: set.seed(123); rnorm(3) and set.seed(42); rnorm(2).
    first = RNormal(123)
    assert [first.normal(0, 1) for _ in range(3)] == pytest.approx(
        [-0.56047565, -0.23017749, 1.55870831], abs=1e-8
    )
    second = RNormal(42)
    assert [second.normal(0, 1) for _ in range(2)] == pytest.approx(
        [1.37095845, -0.56469817], abs=1e-8
    )
    assert RNormal(1).normal(5.0, 0.0) == 5.0  # rnorm(1, 5, 0) consumes nothing


@pytest.mark.parametrize(
    "estimate",
    [[0.0, 0, 0, 0, 0], [0.0, 0, 0, 0, 1], [0.0, 0, 50, 100, 100], [1e-3, 2e-3, 0.5, 0.9, 1.0],
     [-1.0, 2, 3, 4, 5], [5.0, 5, 5, 5, 5]],
)  # fmt: skip
@pytest.mark.parametrize("linear", [False, True])
@pytest.mark.filterwarnings("error")
def test_awkward_estimates_give_notes_not_errors(estimate: list[float], linear: bool) -> None:
    results = summary_measures(estimate, se=SE, population=POP, order=ORDER, favourable=False,
                               setting_average=0.0, linear=linear)  # fmt: skip
    assert isinstance(results, dict)
    for name, result in results.items():
        assert result.applies or result.note, name


def test_bounded_concentration_indices() -> None:
    options = {"se": SE, "population": POP, "order": ORDER, "measure": ["aci", "rci"]}
    plain = summary_measures(EST, **options)
    bounded = summary_measures(EST, lmin=0, lmax=100, **options)
    wagstaff = summary_measures(EST, lmin=0, lmax=100, rci_method="wagstaff", **options)
    erreygers = summary_measures(EST, lmin=0, lmax=100, rci_method="erreygers", **options)
    assert isinstance(plain, dict) and isinstance(bounded, dict)
    assert isinstance(wagstaff, dict) and isinstance(erreygers, dict)
    mean = np.sum(POP * EST) / POP.sum() / 100
    assert bounded["aci"].value == pytest.approx(plain["aci"].value / 100, rel=1e-12)
    assert bounded["aci"].se == pytest.approx(plain["aci"].se / 100, rel=1e-12)
    assert bounded["rci"].value == pytest.approx(plain["rci"].value, rel=1e-12)
    assert wagstaff["rci"].value == pytest.approx(plain["rci"].value / (1 - mean), rel=1e-12)
    assert erreygers["rci"].value == pytest.approx(4 * bounded["aci"].value, rel=1e-12)
    assert erreygers["rci"].se == pytest.approx(4 * bounded["aci"].se, rel=1e-12)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lmin": 0}, "give both bounds"),
        ({"lmin": 100, "lmax": 0}, "must be below lmax"),
        ({"lmin": 65, "lmax": 100}, "below lmin"),
        ({"rci_method": "wagstaff"}, "needs the indicator's bounds"),
        ({"lmin": 0, "lmax": 100, "rci_method": "gini"}, "rci_method"),
    ],
)
def test_bounded_options_are_checked(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        summary_measures(EST, population=POP, order=ORDER, measure="rci", **options)


def test_ratio_against_a_zero_estimate_is_infinite_as_healthequal_reports() -> None:
    # healthequal 1.0.1 computes R = y1/y2 in R, so y2 = 0 gives Inf; its SE formula then
    # divides Inf by Inf, so SE and limits are missing (METHODS.md, "R (ratio)").
    found = summary_measures([0.0, 5.0, 9.0], se=[0.1, 0.2, 0.3], population=[10, 20, 30],
                             order=[1, 2, 3], favourable=True, measure="r")  # fmt: skip
    assert isinstance(found, WHOResult)
    assert found.value == np.inf and found.applies
    assert np.isnan(found.se) and np.isnan(found.lower[0.95])
    assert "infinite" in found.note
    both_zero = summary_measures([0.0, 5.0, 0.0], se=[0.1, 0.2, 0.3], population=[10, 20, 30],
                                 order=[1, 2, 3], favourable=True, measure="r")  # fmt: skip
    assert isinstance(both_zero, WHOResult) and not both_zero.applies


def test_cli_ratio_against_zero_says_so_in_the_note(tmp_path, capsys) -> None:
    from equityhub.stats.cli import main

    path = tmp_path / "groups.csv"
    path.write_text("q,est,se,pop\n1,0,0.1,10\n2,5,0.2,20\n3,9,0.3,30\n")
    options = ["--subgroup", "q", "--estimate", "est", "--se", "se", "--population", "pop"]
    status = main(["heat", str(path), *options, "--order", "q", "--favourable", "--measure", "r"])
    assert status == 0
    out = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert out["estimate"].tolist() == [np.inf]
    assert "infinite" in out["note"][0]
