"""Properties of the inequality measures that hold for any valid input (hypothesis).

- limits contain the estimate (SII and RII, Monte Carlo and analytic; WHO measures);
- limits widen (never narrow) as the confidence level rises;
- the SII of a constant gradient ``y = α + β·b`` (b the cumulative population midpoint) is β;
- results do not depend on the order of the rows.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from equityhub.stats.sii import sii
from equityhub.stats.who import WHOResult, summary_measures

REPS = 2_000
populations = st.integers(5, 10).flatmap(
    lambda k: arrays(np.float64, k, elements=st.floats(50, 1e5, allow_nan=False))
)


@st.composite
def areas(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pop = draw(populations)
    k = len(pop)
    value = draw(arrays(np.float64, k, elements=st.floats(40, 90, allow_nan=False)))
    se = draw(arrays(np.float64, k, elements=st.floats(0.05, 3, allow_nan=False)))
    return pop, value, se


def midpoints(pop: np.ndarray) -> np.ndarray:
    share = pop / pop.sum()
    return np.cumsum(share) - share / 2


@settings(max_examples=40, deadline=None)
@given(areas(), st.sampled_from(["monte_carlo", "analytic"]))
def test_limits_contain_the_estimate(area: tuple[np.ndarray, ...], method: str) -> None:
    pop, value, se = area
    result = sii(np.arange(len(pop)), pop, value=value, se=se, rii=True, repetitions=REPS,
                 ci_method=method)  # type: ignore[arg-type]  # fmt: skip
    low, high = result.confidence_interval(0.95)
    assert low <= result.value <= high
    rii_low, rii_high = result.rii_interval(0.95)
    assert rii_low <= result.rii <= rii_high


@settings(max_examples=30, deadline=None)
@given(areas(), st.sampled_from([(0, False), (1, False), (1, True), (2, True)]))
def test_limits_widen_with_the_level(area: tuple[np.ndarray, ...], kind: tuple[int, bool]) -> None:
    pop, value, se = area
    value_type, transform = kind
    if value_type:
        value = value / 100  # a proportion (also a valid rate)
    centre = value
    spread = se / 100 if value_type else se
    result = sii(np.arange(len(pop)), pop, value=value, lower_cl=centre - spread,
                 upper_cl=centre + spread, value_type=value_type, transform=transform,
                 confidence=[0.9, 0.95, 0.99], repetitions=REPS, rii=True)  # fmt: skip
    widths = [result.upper[level] - result.lower[level] for level in (0.9, 0.95, 0.99)]
    assert widths[0] <= widths[1] <= widths[2]
    assert result.lower[0.99] <= result.lower[0.9] and result.upper[0.9] <= result.upper[0.99]


@settings(max_examples=50, deadline=None)
@given(populations, st.floats(-50, 50), st.floats(1, 100))
def test_sii_of_a_constant_gradient_is_that_gradient(
    pop: np.ndarray, gradient: float, start: float
) -> None:
    value = start + 100 + gradient * midpoints(pop)
    result = sii(np.arange(len(pop)), pop, value=value, se=np.ones(len(pop)), confidence=None)
    assert np.isclose(result.value, gradient, rtol=1e-9, atol=1e-9)
    assert np.isclose(result.intercept, start + 100, rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(areas(), st.randoms(use_true_random=False))
def test_sii_does_not_depend_on_row_order(area: tuple[np.ndarray, ...], rnd: object) -> None:
    pop, value, se = area
    quantile = np.arange(len(pop))
    order = np.array(rnd.sample(range(len(pop)), len(pop)))  # type: ignore[attr-defined]
    first = sii(quantile, pop, value=value, se=se, rii=True, repetitions=REPS)
    second = sii(quantile[order], pop[order], value=value[order], se=se[order], rii=True,
                 repetitions=REPS)  # fmt: skip
    assert first == second


@settings(max_examples=25, deadline=None)
@given(areas(), st.randoms(use_true_random=False), st.booleans())
def test_who_measures_do_not_depend_on_row_order(
    area: tuple[np.ndarray, ...], rnd: object, favourable: bool
) -> None:
    pop, value, se = area
    order = np.array(rnd.sample(range(len(pop)), len(pop)))  # type: ignore[attr-defined]
    ranks = np.arange(1, len(pop) + 1)
    names = ["d", "r", "paf", "par", "aci", "rci", "sii", "rii", "bgv", "mld", "ti"]
    first = summary_measures(value, se=se, population=pop, order=ranks, favourable=favourable,
                             measure=names)  # fmt: skip
    second = summary_measures(value[order], se=se[order], population=pop[order],
                              order=ranks[order], favourable=favourable, measure=names)  # fmt: skip
    assert isinstance(first, dict) and isinstance(second, dict)
    for name in names:
        a, b = first[name], second[name]
        assert np.isclose(a.value, b.value, rtol=1e-9, equal_nan=True), name
        assert np.isclose(a.lower[0.95], b.lower[0.95], rtol=1e-6, equal_nan=True), name


SIMULATED = {"bgsd", "mdmw"}


@settings(max_examples=25, deadline=None)
@given(areas())
def test_who_limits_contain_and_widen(area: tuple[np.ndarray, ...]) -> None:
    pop, value, se = area
    ranks = np.arange(1, len(pop) + 1)
    for name in ["d", "aci", "sii", "rii", "bgv", "bgsd", "mdmw", "mld"]:
        narrow = summary_measures(value, se=se, population=pop, order=ranks, measure=name,
                                  conf_level=0.9)  # fmt: skip
        wide = summary_measures(value, se=se, population=pop, order=ranks, measure=name,
                                conf_level=0.99)  # fmt: skip
        assert isinstance(narrow, WHOResult) and isinstance(wide, WHOResult)
        if not narrow.applies or np.isnan(narrow.lower[0.9]):
            continue
        if name not in SIMULATED:  # simulated limits of |y − μ| need not reach a boundary 0
            assert narrow.lower[0.9] <= narrow.value <= narrow.upper[0.9], name
        assert wide.lower[0.99] <= narrow.lower[0.9] + 1e-12, name
        assert narrow.upper[0.9] <= wide.upper[0.99] + 1e-12, name
