"""Journey: the team shares a finished pilot as a case study (JavaScript on, checked by axe, and
off)."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import Indicator, Pilot, Result
from equityhub.library.contributions import Contribution
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pilot(organisation: Any) -> Pilot:
    indicator = Indicator.objects.create(
        code="waits", name="Waits over 18 weeks", description="d", type="proportion",
        polarity="lower_better", source="test", multiplier=100, unit="%",
    )  # fmt: skip
    for period, x in ((2024.5, 2200), (2025.5, 1800)):
        Result.objects.create(
            organisation=organisation, indicator=indicator, period=str(period),
            period_number=period, breakdown="overall", category="Total", numerator=x,
            denominator=10000, value=x / 100,
        )  # fmt: skip
    return Pilot.objects.create(
        organisation=organisation, name="Text reminders in Urdu", indicator=indicator,
        hypothesis="Fewer long waits in the most deprived areas", start_period="2025",
        start_period_number=2025.0, status="finished",
    )  # fmt: skip


def test_share_a_finished_pilot_as_a_case_study(
    visitor: Any, personas: dict[str, Any], pilot: Pilot
) -> None:
    visitor.sign_in(personas["member"].email, PASSWORD)
    visitor.visit(f"/indicators/RZZ/pilots/{pilot.pk}/")
    visitor.page.click("a >> text=Share as a case study")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "fell from 22.0% to 18.0%" in visitor.page.content()
    visitor.page.fill("#id_title", "")
    visitor.page.click("button >> text=Send to the library editors")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    assert not Contribution.objects.exists()
    visitor.page.fill("#id_title", "Text reminders in people's own language")
    visitor.page.click("button >> text=Send to the library editors")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "Shared as a case study" in visitor.page.content()
    assert Contribution.objects.get().title == "Text reminders in people's own language"
