"""The least and greatest value a reader can give each hidden count: linear programmes by HiGHS.

Every hidden count is a non-negative unknown tied to the others by the published sums
(``matrix @ x == rhs``). Its range is two linear programmes over the connected part of the system
it belongs to. A disclosure audit asks this for thousands of cells that share a few systems, so
each connected part is handed to one HiGHS solver once and only the objective changes between
solves: the solver starts from the previous optimal basis instead of rebuilding the problem,
which is what made one ``scipy.optimize.linprog`` call per bound slow.

``highspy._core._Highs`` is the solver binding itself; ``highspy.Highs`` wraps it with Python
callbacks and prints a banner on standard output the first time one is made in a process, which
would corrupt the CLI's CSV output. ``tests/stats/test_feasible.py`` fails if that changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from highspy import _core
from scipy import sparse
from scipy.sparse import csgraph

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_STATUS = highspy.HighsModelStatus
_UNBOUNDED = {_STATUS.kUnbounded, _STATUS.kUnboundedOrInfeasible}
_SETTLED = {_STATUS.kOptimal, _STATUS.kInfeasible, *_UNBOUNDED}


class InconsistentSums(ValueError):
    """The published sums contradict each other: no non-negative counts satisfy them."""


def hidden_ranges(
    counts: FloatArray,
    hidden: BoolArray,
    equations: tuple[IntArray, IntArray, FloatArray],
    targets: BoolArray,
    enough: float | None,
) -> tuple[FloatArray, FloatArray]:
    """Each target's least and greatest value (NaN for cells that are not targets).

    ``equations`` is ``(cell, equation, sign)``: each equation reads ``sum(sign * count) == 0``.
    With ``enough``, a cell whose greatest value is ``enough`` above its true count is wide
    whatever its least value is: that is not sought, and the least is reported as the truth.
    """
    low = np.full(len(counts), np.nan)
    high = np.full(len(counts), np.nan)
    if not targets.any():
        return low, high
    system = _System.of(counts, hidden, equations)
    unknown = system.unknown
    low[targets], high[targets] = 0.0, np.inf  # a count in no published sum: anything
    for variables, rows in _components(system.matrix):
        wanted = np.flatnonzero(targets[unknown[variables]])
        if not wanted.size:
            continue
        truth = counts[unknown[variables]] if enough is not None else None
        lo, hi = system.solver(variables, rows).ranges(wanted, truth, enough)
        low[unknown[variables[wanted]]], high[unknown[variables[wanted]]] = lo, hi
    return low, high


def binding_equations(
    counts: FloatArray,
    hidden: BoolArray,
    equations: tuple[IntArray, IntArray, FloatArray],
    target: int,
) -> IntArray:
    """The equations that hold one hidden count's least and greatest values where they are
    (non-zero duals of its two linear programmes): a published cell in one of them is what a
    reader used to pin it, and hiding it breaks that route."""
    system = _System.of(counts, hidden, equations)
    position = np.flatnonzero(system.unknown == target)
    for variables, rows in _components(system.matrix):
        if position.size and position[0] in variables:
            solver = system.solver(variables, rows)
            local = int(np.flatnonzero(variables == position[0])[0])
            tight = solver.tight_rows(local)
            return np.asarray(system.used[rows[tight]], dtype=np.int64)
    return np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class _System:
    """The published sums as equations in the hidden counts: ``matrix @ x == rhs``, one row per
    equation with a hidden count in it (``used`` gives its number), one column per hidden cell
    (``unknown`` gives its row in the table)."""

    matrix: sparse.csr_matrix
    rhs: FloatArray
    used: IntArray
    unknown: IntArray

    @classmethod
    def of(
        cls, counts: FloatArray, hidden: BoolArray, equations: tuple[IntArray, IntArray, FloatArray]
    ) -> _System:
        cell, equation, sign = equations
        unknown = np.flatnonzero(hidden).astype(np.int64)
        column = np.full(len(counts), -1, dtype=np.int64)
        column[unknown] = np.arange(unknown.size)
        on_hidden = hidden[cell]
        n_equations = int(equation.max(initial=-1)) + 1
        rhs = -np.bincount(
            equation,
            weights=np.where(on_hidden, 0.0, sign * np.nan_to_num(counts[cell])),
            minlength=n_equations,
        )
        matrix = sparse.csr_matrix(
            (sign[on_hidden], (equation[on_hidden], column[cell[on_hidden]])),
            shape=(n_equations, unknown.size),
        )
        used = np.flatnonzero(np.diff(matrix.indptr) > 0).astype(np.int64)
        return cls(matrix[used], rhs[used], used, unknown)

    def solver(self, variables: IntArray, rows: IntArray) -> _Bounds:
        return _Bounds(sparse.csr_matrix(self.matrix[rows][:, variables]), self.rhs[rows])


def _components(matrix: sparse.csr_matrix) -> list[tuple[IntArray, IntArray]]:
    """Groups of unknowns tied together by equations, with their equations."""
    n_rows, n_cols = matrix.shape
    # One node per equation and per unknown, an edge wherever an unknown is in an equation.
    coo = matrix.tocoo()
    size = n_rows + n_cols
    edges = sparse.csr_matrix(
        (np.ones(coo.nnz, dtype=np.int8), (coo.row, coo.col + n_rows)), shape=(size, size)
    )
    _, label = csgraph.connected_components(edges, directed=False)
    row_label, var_label = label[:n_rows], label[n_rows:]
    rows, variables = _grouped(row_label), _grouped(var_label)
    # An unknown in no equation is a component of its own with no rows: it is left out.
    return [(variables[component], found) for component, found in rows.items()]


def _grouped(labels: IntArray) -> dict[int, IntArray]:
    """The positions holding each label, in order."""
    if not labels.size:
        return {}
    order = np.argsort(labels, kind="stable").astype(np.int64)
    keys, starts = np.unique(labels[order], return_index=True)
    return dict(zip(keys.tolist(), np.split(order, starts[1:]), strict=True))


class _Bounds:
    """One connected system of equations, loaded into HiGHS once and re-solved per objective."""

    def __init__(self, matrix: sparse.csr_matrix, rhs: FloatArray) -> None:
        n_rows, n_cols = matrix.shape
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = n_cols, n_rows
        model.col_cost_ = np.zeros(n_cols)
        model.col_lower_ = np.zeros(n_cols)
        model.col_upper_ = np.full(n_cols, highspy.kHighsInf)
        model.row_lower_ = model.row_upper_ = np.asarray(rhs, dtype=float)
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        model.a_matrix_.index_ = matrix.indices.astype(np.int32)
        model.a_matrix_.value_ = matrix.data.astype(float)
        self._rows = n_rows
        self._solver = _core._Highs()
        self._solver.setOptionValue("output_flag", False)
        self._solver.setOptionValue("threads", 1)
        self._solver.passModel(model)

    def ranges(
        self, wanted: IntArray, truth: FloatArray | None, enough: float | None
    ) -> tuple[FloatArray, FloatArray]:
        low, high = np.zeros(len(wanted)), np.full(len(wanted), np.inf)
        for k, j in enumerate(wanted.tolist()):
            high[k] = self._optimum(j, highspy.ObjSense.kMaximize)
            if truth is not None and enough is not None and high[k] - truth[j] >= enough:
                low[k] = truth[j]
                continue
            low[k] = self._optimum(j, highspy.ObjSense.kMinimize)
        return low, high

    def tight_rows(self, column: int) -> IntArray:
        """Rows with a non-zero dual in the greatest- or least-value problem of one unknown."""
        tight = np.zeros(self._rows, dtype=bool)
        for sense in (highspy.ObjSense.kMaximize, highspy.ObjSense.kMinimize):
            if np.isfinite(self._optimum(column, sense, keep_cost=True)):
                tight |= np.abs(np.asarray(self._solver.getSolution().row_dual)) > 1e-9
            self._solver.changeColCost(column, 0.0)
        return np.flatnonzero(tight).astype(np.int64)

    def _optimum(self, column: int, sense: highspy.ObjSense, *, keep_cost: bool = False) -> float:
        """The least or greatest value of one unknown; inf when it has no greatest."""
        solver = self._solver
        solver.changeObjectiveSense(sense)
        solver.changeColCost(column, 1.0)
        try:
            solver.run()
            status = solver.getModelStatus()
            if status not in _SETTLED:
                # A warm start from the last basis can end without a verdict (seen after an
                # unbounded solve); solving again from scratch settles it.
                solver.clearSolver()
                solver.run()
                status = solver.getModelStatus()
            if status in _UNBOUNDED and sense == highspy.ObjSense.kMaximize:
                return float(np.inf)
            if status != _STATUS.kOptimal:
                raise InconsistentSums(
                    f"the published sums are inconsistent ({solver.modelStatusToString(status)})"
                )
            return float(solver.getInfo().objective_function_value)
        finally:
            if not keep_cost:  # the caller reads the solution first, then resets the cost
                solver.changeColCost(column, 0.0)
