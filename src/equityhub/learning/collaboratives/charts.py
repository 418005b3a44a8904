"""Small line charts drawn on the server as SVG coordinates (no JavaScript, CSP-safe).

Each member of a collaborative gets a small chart on the same scale; the table beside the
charts carries every figure (and says which are suppressed), so the charts are decorative
for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 240, 80, 6


@dataclass(frozen=True)
class Spark:
    points: str  # "x,y x,y ..." for an SVG polyline
    dots: list[tuple[float, float]]
    low: float
    high: float


def scale(values: list[float]) -> tuple[float, float]:
    """A shared value range, widened a little so that flat lines sit mid-chart."""
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    if high == low:
        return low - 1, high + 1
    margin = (high - low) * 0.1
    return low - margin, high + margin


def spark(shown: list[tuple[int, float]], periods: int, low: float, high: float) -> Spark:
    """Place (period index, value) pairs on a WIDTH x HEIGHT canvas; gaps are skipped."""
    span_x = max(periods - 1, 1)
    span_y = (high - low) or 1.0
    dots = [
        (
            round(PAD + (WIDTH - 2 * PAD) * index / span_x, 1),
            round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - low) / span_y, 1),
        )
        for index, value in shown
    ]
    return Spark(" ".join(f"{x},{y}" for x, y in dots), dots, low, high)
