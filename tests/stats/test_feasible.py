"""The hidden-count ranges agree with scipy's own linear programming, and the solver is silent."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from equityhub.stats._feasible import InconsistentSums, hidden_ranges


def _table(seed: int) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Random counts in two-level sums (parents of children, some parents summed again)."""
    rng = np.random.default_rng(seed)
    n_parents = int(rng.integers(2, 6))
    children = [int(rng.integers(2, 5)) for _ in range(n_parents)]
    counts: list[float] = []
    cell, equation, sign = [], [], []
    parents: list[int] = []
    for e, k in enumerate(children):
        values = rng.integers(0, 12, size=k).astype(float)
        first = len(counts)
        counts += values.tolist()
        parents.append(len(counts))
        counts.append(float(values.sum()))
        cell += [*range(first, first + k), parents[-1]]
        equation += [e] * (k + 1)
        sign += [1.0] * k + [-1.0]
    # The grand total of the parents: a second level, so unknowns link across equations.
    counts.append(float(sum(counts[p] for p in parents)))
    cell += [*parents, len(counts) - 1]
    equation += [n_parents] * (n_parents + 1)
    sign += [1.0] * n_parents + [-1.0]
    values = np.asarray(counts)
    hidden = rng.random(len(values)) < 0.45
    sums = (np.asarray(cell, np.int64), np.asarray(equation, np.int64), np.asarray(sign))
    return values, hidden, sums


def _scipy_ranges(counts: np.ndarray, hidden: np.ndarray, sums: tuple) -> tuple[dict, dict]:
    """Each hidden cell's range, one scipy.optimize.linprog call per bound over all unknowns."""
    cell, equation, sign = sums
    unknown = np.flatnonzero(hidden)
    a = np.zeros((int(equation.max()) + 1, unknown.size))
    b = np.zeros(int(equation.max()) + 1)
    for c, e, s in zip(cell.tolist(), equation.tolist(), sign.tolist(), strict=True):
        if hidden[c]:
            a[e, int(np.flatnonzero(unknown == c)[0])] += s
        else:
            b[e] -= s * counts[c]
    low, high = {}, {}
    for j, c in enumerate(unknown.tolist()):
        objective = np.zeros(unknown.size)
        objective[j] = 1.0
        least = linprog(objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        most = linprog(-objective, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        low[c] = least.fun
        high[c] = np.inf if most.status == 3 else -most.fun
    return low, high


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_ranges_agree_with_scipy_linprog(seed: int) -> None:
    counts, hidden, sums = _table(seed)
    low, high = hidden_ranges(counts, hidden, sums, hidden, None)
    want_low, want_high = _scipy_ranges(counts, hidden, sums)
    for c in np.flatnonzero(hidden).tolist():
        assert low[c] == pytest.approx(want_low[c], abs=1e-6), c
        assert high[c] == pytest.approx(want_high[c], abs=1e-6), c
    assert np.isnan(low[~hidden]).all() and np.isnan(high[~hidden]).all()


def test_a_count_in_no_sum_can_be_anything_and_a_pinned_one_is_exact() -> None:
    # cells 0 + 1 = 2 (published 7); cell 3 is in no sum.
    counts = np.array([3.0, 4.0, 7.0, 2.0])
    hidden = np.array([True, False, False, True])
    sums = (np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([1.0, 1.0, -1.0]))
    low, high = hidden_ranges(counts, hidden, sums, hidden, None)
    assert (low[0], high[0]) == (3.0, 3.0)
    assert (low[3], high[3]) == (0.0, np.inf)


def test_a_wide_enough_cell_is_not_solved_for_its_least_value() -> None:
    # 0 + 1 = 2 with both children hidden: each lies in 0..10; with enough = 5 the greatest (10)
    # is far enough above the truth (4), so the least is reported as the truth.
    counts = np.array([4.0, 6.0, 10.0])
    hidden = np.array([True, True, False])
    sums = (np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([1.0, 1.0, -1.0]))
    low, high = hidden_ranges(counts, hidden, sums, hidden, 5.0)
    assert (low[0], high[0]) == (4.0, 10.0)


def test_sums_that_contradict_each_other_are_refused() -> None:
    # 0 + 1 = 2 and 0 = 1 + 2 with 2 published as 5: x0 + x1 = 5 and x0 - x1 = 5 give x1 = 0,
    # then a third equation says x1 = 3.
    counts = np.array([np.nan, np.nan, 5.0, 3.0])
    hidden = np.array([True, True, False, False])
    cell = np.array([0, 1, 2, 0, 1, 2, 1, 3])
    equation = np.array([0, 0, 0, 1, 1, 1, 2, 2])
    sign = np.array([1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0, -1.0])
    with pytest.raises(InconsistentSums, match="inconsistent"):
        hidden_ranges(counts, hidden, (cell, equation, sign), hidden, None)


def test_the_solver_writes_nothing_to_standard_output() -> None:
    """The CLI writes CSV to standard output; HiGHS' banner must not land in it."""
    script = (
        "import numpy as np\n"
        "from equityhub.stats._feasible import hidden_ranges\n"
        "c = np.array([1.0, 2.0, 3.0]); h = np.array([True, True, False])\n"
        "s = (np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([1.0, 1.0, -1.0]))\n"
        "hidden_ranges(c, h, s, h, None)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout == ""


def test_no_hidden_count_and_no_equation_is_no_work() -> None:
    counts = np.array([3.0, 4.0, 7.0])
    published = np.zeros(3, dtype=bool)
    sums = (np.array([0, 1, 2]), np.array([0, 0, 0]), np.array([1.0, 1.0, -1.0]))
    low, high = hidden_ranges(counts, published, sums, published, None)
    assert np.isnan(low).all() and np.isnan(high).all()
    # one hidden count in no equation at all (every sum it was in is gone)
    alone = np.array([True, False, False])
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    low, high = hidden_ranges(counts, alone, empty, alone, None)
    assert (low[0], high[0]) == (0.0, np.inf)
