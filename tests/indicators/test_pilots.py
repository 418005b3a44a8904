"""Pilots: registered by the team, evaluated before and after their start from stored counts."""

from __future__ import annotations

import math
from html import unescape
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equityhub.indicators.models import Indicator, Pilot
from equityhub.indicators.pilots.evaluation import before_after
from equityhub.indicators.pilots.services import pilot_register
from equityhub.stats.indicators import proportion
from tests.indicators.conftest import good_rows

pytestmark = pytest.mark.django_db
CODE = "rtt-waiting-over-18-weeks"


def _register(actor: Any, organisation: Any, start: str = "2024-25") -> Pilot:
    return pilot_register(
        actor=actor,
        organisation=organisation,
        name="Text reminders in Welsh and Urdu",
        hypothesis="Fewer long waits among people from the most deprived areas",
        scope="Outpatients",
        start_period=start,
        indicator=Indicator.objects.get(code=CODE),
        comparator=None,
    )


def test_before_after_difference_uses_wilson_limits(
    personas: dict[str, Any], organisation: Any, upload: Any
) -> None:
    upload(personas["member"], good_rows("2022-23"))
    upload(personas["member"], good_rows("2023-24"))
    upload(personas["member"], good_rows("2024-25", shift=30))
    pilot = _register(personas["member"], organisation)
    change = before_after(organisation, pilot.indicator, pilot.start_period_number)
    assert change is not None and (change.before_periods, change.after_periods) == (2, 1)
    # good_rows: overall 2,200 of 10,200 in each period before; 300 fewer after (shift 30 x 10)
    x0, n0, x1, n1 = 2 * 2200, 2 * 10200, 1900, 10200
    wilson = proportion(np.array([x0, x1]), np.array([n0, n1]), confidence=0.95, multiplier=100)
    p0, p1 = (float(v) for v in wilson.value)
    lo, hi = wilson.lower[0.95], wilson.upper[0.95]
    assert change.difference == pytest.approx(p1 - p0)
    assert change.lower == pytest.approx(p1 - p0 - math.hypot(p1 - lo[1], hi[0] - p0))
    assert change.upper == pytest.approx(p1 - p0 + math.hypot(hi[1] - p1, p0 - lo[0]))
    assert change.significant and "statistically significant" in change.sentence("%")
    assert change.sentence("%") == (
        "The value fell from 21.6% to 18.6% (difference -2.9 percentage points, 95% limits "
        "-3.9 to -2.0 percentage points); the change is statistically significant."
    )


def test_register_names_bad_fields_and_only_the_team_registers(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    with pytest.raises(ValidationError) as error:
        _register(personas["member"], organisation, start="soon")
    assert "start_period" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        _register(personas["outsider"], organisation)
    assert not Pilot.objects.exists()


def test_pages(personas: dict[str, Any], organisation: Any, upload: Any, client_for: Any) -> None:
    upload(personas["member"], good_rows("2023-24"))
    upload(personas["member"], good_rows("2024-25", shift=30))
    member = client_for(personas["member"])
    url = reverse("indicators:pilots", kwargs={"org": organisation.code})
    bad = member.post(url, {"name": "P", "hypothesis": "h", "start_period": "x"})
    assert bad.status_code == 400 and not Pilot.objects.exists()
    indicator = Indicator.objects.get(code=CODE)
    created = member.post(
        url,
        {"name": "P", "hypothesis": "h", "start_period": "2024-25", "indicator": indicator.pk},
    )
    assert created.status_code == 302
    page = unescape(member.get(created["Location"]).content.decode())
    assert "fell from" in page and "Newcombe" in page
    saved = member.post(created["Location"], {"status": "finished", "learning": "It worked."})
    assert saved.status_code == 302 and Pilot.objects.get().status == "finished"
    assert client_for(personas["outsider"]).get(url).status_code == 403
