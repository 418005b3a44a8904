"""The funnel table's axis, as the reference draws it: ends rounded the way R prints whole
numbers, and 100 points spaced geometrically between them."""

from __future__ import annotations

import numpy as np

from equityhub.stats._checks import FloatArray


def _r_nchar(values: FloatArray) -> FloatArray:
    """Characters R's ``as.character`` uses for whole numbers (``1e+05`` for 100000)."""
    out = np.empty(len(values))
    for position, value in enumerate(values.tolist()):
        fixed = f"{int(value)}"
        digits = fixed.rstrip("0") or "0"
        exponent = f"{len(fixed) - 1:02d}"
        scientific = len(digits) + (1 if len(digits) > 1 else 0) + 2 + len(exponent)
        out[position] = scientific if len(fixed) > scientific else len(fixed)
    return out


def round_down(x: FloatArray) -> FloatArray:
    power = 10 ** (_r_nchar(np.floor(x * 0.95)) - 1)
    return np.where(x == 0, 0.0, np.floor(x * 0.95 / power) * power)


def round_up(x: FloatArray) -> FloatArray:
    power = 10 ** (_r_nchar(np.ceil(x * 1.05)) - 2)
    return np.where(x == 0, 0.0, np.ceil(x * 1.05 / power) * power)


def axis_points(minimum: float, maximum: float, ratio: bool) -> FloatArray:
    points = [max(1.0, minimum)]
    for j in range(2, 101):
        offset = j - 1 if ratio else j
        grown = np.round((maximum / points[-1]) ** (1 / (101 - offset)) * points[-1])
        points.append(max(float(grown), points[-1] + 1))
    return np.array(points)
