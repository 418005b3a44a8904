"""The small charts' arithmetic."""

from __future__ import annotations

from equityhub.learning.collaboratives.charts import HEIGHT, PAD, WIDTH, scale, spark


def test_scale_widens_flat_and_empty_ranges() -> None:
    assert scale([]) == (0.0, 1.0)
    assert scale([5.0, 5.0]) == (4.0, 6.0)
    assert scale([10.0, 20.0]) == (9.0, 21.0)


def test_spark_places_first_and_last_points_at_the_edges() -> None:
    result = spark([(0, 0.0), (2, 10.0)], periods=3, low=0.0, high=10.0)
    assert result.dots == [(PAD, HEIGHT - PAD), (WIDTH - PAD, PAD)]
    assert result.points == f"{PAD:.1f},{HEIGHT - PAD:.1f} {WIDTH - PAD:.1f},{PAD:.1f}"


def test_spark_skips_gaps_such_as_suppressed_periods() -> None:
    result = spark([(0, 1.0), (3, 2.0)], periods=4, low=0.0, high=4.0)
    assert len(result.dots) == 2
    assert result.dots[1][0] == WIDTH - PAD
