"""Pilot evaluation from stored results: crude rates, differences in differences, other types."""

from __future__ import annotations

import math
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from scipy import stats as sps

from equityhub.indicators.models import Indicator, Pilot, Result
from equityhub.indicators.pilots.actions import PilotAction, pilot_actions, register_pilot_action
from equityhub.indicators.pilots.evaluation import before_after, evaluate, results_in_words
from equityhub.people.models import Organisation

pytestmark = pytest.mark.django_db
Z = float(sps.norm.ppf(0.975))


def _indicator(code: str, kind: str, multiplier: float, unit: str = "") -> Indicator:
    return Indicator.objects.create(
        code=code, name=code.replace("-", " ").capitalize(), description="d", type=kind,
        polarity="lower_better", source="test", multiplier=multiplier, unit=unit,
    )  # fmt: skip


def _store(organisation: Organisation, indicator: Indicator, counts: dict[float, tuple]) -> None:
    for period, (x, n) in counts.items():
        Result.objects.create(
            organisation=organisation, indicator=indicator, period=str(period),
            period_number=period, breakdown="overall", category="Total", kind="category",
            numerator=x, denominator=n, value=x / n * indicator.multiplier,
        )  # fmt: skip


def _wilson(x: float, n: float) -> tuple[float, float]:
    centre, spread = 2 * x + Z**2, Z * math.sqrt(Z**2 + 4 * x * (1 - x / n))
    return (centre - spread) / (2 * (n + Z**2)), (centre + spread) / (2 * (n + Z**2))


def _byars(x: float) -> tuple[float, float]:
    lower = x * (1 - 1 / (9 * x) - Z / (3 * math.sqrt(x))) ** 3
    upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + Z / (3 * math.sqrt(x + 1))) ** 3
    return lower, upper


@pytest.fixture
def comparator(organisation: Organisation) -> Organisation:
    return Organisation.objects.create(
        code="RYY", name="Other Hospitals NHS Trust", kind="trust", system=organisation.system
    )


def _pilot(organisation: Organisation, indicator: Indicator, comparator: Any = None) -> Pilot:
    return Pilot.objects.create(
        organisation=organisation, name="Community link workers", hypothesis="Fewer admissions",
        scope="Two wards", start_period="2025", start_period_number=2025.0, indicator=indicator,
        comparator=comparator,
    )  # fmt: skip


def test_crude_rate_change_uses_byars_limits(organisation: Organisation) -> None:
    indicator = _indicator("admissions", "crude_rate", 100_000)
    _store(organisation, indicator, {2023.5: (300, 150_000), 2024.5: (320, 150_000),
                                     2025.5: (240, 160_000)})  # fmt: skip
    change = before_after(organisation, indicator, 2025.0)
    assert change is not None and (change.before_periods, change.after_periods) == (2, 1)
    x0, n0, x1, n1 = 620, 300_000, 240, 160_000
    r0, r1 = x0 / n0 * 1e5, x1 / n1 * 1e5
    (a0, b0), (a1, b1) = _byars(x0), _byars(x1)
    l0, u0, l1, u1 = a0 / n0 * 1e5, b0 / n0 * 1e5, a1 / n1 * 1e5, b1 / n1 * 1e5
    assert change.difference == pytest.approx(r1 - r0)
    assert change.lower == pytest.approx(r1 - r0 - math.hypot(r1 - l1, u0 - r0))
    assert change.upper == pytest.approx(r1 - r0 + math.hypot(u1 - r1, r0 - l0))
    assert "per 100,000" in change.sentence("")


def test_difference_in_differences_against_the_comparator(
    organisation: Organisation, comparator: Organisation
) -> None:
    indicator = _indicator("waits", "proportion", 100, "%")
    _store(organisation, indicator, {2024.5: (2200, 10000), 2025.5: (1800, 10000)})
    _store(comparator, indicator, {2024.5: (2100, 10000), 2025.5: (2050, 10000)})
    evaluation = evaluate(_pilot(organisation, indicator, comparator))
    assert evaluation.change and evaluation.comparison and evaluation.did
    # By hand: each change has Newcombe limits from Wilson limits; the DiD combines them (MOVER).
    limits = []
    for x0, x1 in ((2200, 1800), (2100, 2050)):
        p0, p1 = x0 / 1e4, x1 / 1e4
        (l0, u0), (l1, u1) = _wilson(x0, 1e4), _wilson(x1, 1e4)
        d = p1 - p0
        limits.append((d, d - math.hypot(p1 - l1, u0 - p0), d + math.hypot(u1 - p1, p0 - l0)))
    (d1, lo1, hi1), (d2, lo2, hi2) = limits
    did = d1 - d2
    lower = did - math.hypot(d1 - lo1, hi2 - d2)
    upper = did + math.hypot(hi1 - d1, d2 - lo2)
    assert evaluation.did.difference == pytest.approx(100 * did)
    assert evaluation.did.lower == pytest.approx(100 * lower)
    assert evaluation.did.upper == pytest.approx(100 * upper)
    assert evaluation.did.significant
    assert "Zou & Donner" in evaluation.method
    words = results_in_words(evaluation_pilot := Pilot.objects.get(), evaluation)
    assert "difference in differences" in words and evaluation_pilot.comparator.name in words


def test_other_types_say_they_cannot_be_evaluated(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    indicator = _indicator("mean-wait", "mean", 1)
    pilot = _pilot(organisation, indicator)
    assert not evaluate(pilot).evaluable and before_after(organisation, indicator, 2025) is None
    url = reverse("indicators:pilot", kwargs={"org": organisation.code, "pk": pilot.pk})
    page = unescape(client_for(personas["member"]).get(url).content.decode())
    assert "cannot be evaluated automatically yet" in page
    assert "could not evaluate" in results_in_words(pilot)


def test_pilot_page_shows_registered_actions(
    personas: dict[str, Any], organisation: Organisation, client_for: Any
) -> None:
    indicator = _indicator("waits", "proportion", 100, "%")
    pilot = _pilot(organisation, indicator)
    register_pilot_action("test-action", lambda user, p: PilotAction("Do a thing", "/thing/"))
    try:
        assert pilot_actions(personas["member"], pilot)[-1].label == "Do a thing"
        url = reverse("indicators:pilot", kwargs={"org": organisation.code, "pk": pilot.pk})
        page = client_for(personas["member"]).get(url).content.decode()
        assert 'href="/thing/"' in page
    finally:
        register_pilot_action("test-action", lambda user, p: None)
