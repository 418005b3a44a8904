"""R's default normal generator (Mersenne-Twister + Inversion), so simulated limits match R.

``set.seed(s)`` in R scrambles the seed with the congruential step ``s ← 69069·s + 1`` (mod 2³²)
fifty times, then fills the 625-word Mersenne-Twister seed table with 625 further steps; the
first word is the position (reset to 624), the other 624 are the generator's key. A uniform is
``genrand_int32 · 2.3283064365386963e-10`` (kept inside (0, 1)); a normal by inversion is
``Φ⁻¹((⌊2²⁷·u₁⌋ + u₂)/2²⁷)``. ``rnorm(μ, 0)`` returns μ without drawing.

References
----------
Matsumoto M, Nishimura T (1998). Mersenne Twister. ACM TOMACS 8:3-30.
R Core Team. R's ``src/main/RNG.c`` and ``src/nmath/snorm.c`` (behaviour described, not copied).
"""

from __future__ import annotations

import numpy as np
from scipy import special

_MASK = 0xFFFFFFFF
_TO_UNIT = 2.3283064365386963e-10
_BIG = 134217728.0  # 2**27


def _seed_table(seed: int) -> np.ndarray:
    state = seed & _MASK
    for _ in range(50):
        state = (69069 * state + 1) & _MASK
    table = []
    for _ in range(625):
        state = (69069 * state + 1) & _MASK
        table.append(state)
    return np.array(table[1:], dtype=np.uint32)


class RNormal:
    """A stream of normals identical to R's ``rnorm`` after ``set.seed(seed)``."""

    def __init__(self, seed: int) -> None:
        self._bits = np.random.MT19937(0)
        self._bits.state = {
            "bit_generator": "MT19937",
            "state": {"key": _seed_table(int(seed)), "pos": 624},
        }
        self._buffer = np.empty(0, dtype=np.uint64)
        self._next = 0

    def _uniform(self) -> float:
        if self._next >= len(self._buffer):
            self._buffer = self._bits.random_raw(4096)
            self._next = 0
        value = float(self._buffer[self._next]) * _TO_UNIT
        self._next += 1
        if value <= 0.0:
            return 0.5 * _TO_UNIT
        if 1.0 - value <= 0.0:
            return 1.0 - 0.5 * _TO_UNIT
        return value

    def normal(self, mean: float, sd: float) -> float:
        """One draw of ``rnorm(1, mean, sd)``."""
        if sd == 0 or not np.isfinite(mean):
            return mean
        first = self._uniform()
        u = (int(_BIG * first) + self._uniform()) / _BIG
        return mean + sd * float(special.ndtri(u))
