"""The target status rule, case by case (see equityhub.indicators.dashboard.targets)."""

from __future__ import annotations

import datetime

import pytest

from equityhub.indicators.dashboard.targets import target_status

TODAY = datetime.date(2026, 1, 1)
BY = datetime.date(2027, 1, 1)  # one year after the latest value below


def status(latest: float | None, target: float | None = 10.0, **options: object) -> str:
    kwargs = {
        "target": target,
        "target_date": BY,
        "latest": latest,
        "latest_time": 2026.0,
        "slope_interval": (-6.0, -1.0),
        "improvement": "decrease",
        "today": TODAY,
    }
    kwargs.update(options)
    return target_status(**kwargs).status  # type: ignore[arg-type]


def test_no_target_and_no_data() -> None:
    assert status(20.0, target=None) == "no target"
    assert status(None) == "no data yet"


def test_met_follows_polarity() -> None:
    assert status(9.0) == "met"
    assert status(11.0, improvement="increase") == "met"


def test_on_track_when_the_interval_meets_the_trajectory() -> None:
    # needs −5 a year (15 → 10 in a year); the interval −6 to −1 reaches −5
    assert status(15.0) == "on track"
    # needs −10 a year; the interval's best limit −6 does not reach it
    assert status(20.0) == "off track"


def test_missed_after_the_date_and_too_little_data() -> None:
    assert status(15.0, today=datetime.date(2027, 2, 1)) == "missed"
    assert status(15.0, slope_interval=None) == "not enough data"


@pytest.mark.parametrize(("latest", "expected"), [(-2.0, "met"), (-8.0, "off track")])
def test_inequality_targets_count_towards_zero(latest: float, expected: str) -> None:
    # SII of −8 must halve to −4: needs +4 a year, the interval (−6, −1) never reaches it
    assert status(latest, target=-4.0, towards_zero=True) == expected
