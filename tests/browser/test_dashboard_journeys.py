"""The dashboard in a browser, with a qualitative tile beside the figures: axe finds nothing,
with JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_with_a_judgement_tile(visitor: Any, personas: Any, organisation: Any) -> None:
    from equityhub.indicators.dashboard.services import adoption_save
    from equityhub.indicators.models import Indicator
    from equityhub.indicators.registry.services import indicator_registry_load
    from equityhub.indicators.returns.services import return_check, return_commit

    indicator_registry_load()
    member = personas["member"]
    preview = return_check(
        actor=member, organisation=organisation, filename="r.csv", content=csv_bytes(good_rows())
    )
    assert preview.data_return is not None
    return_commit(actor=member, data_return=preview.data_return)
    for code in ("rtt-waiting-over-18-weeks", "board-scrutiny"):
        adoption_save(
            actor=member, organisation=organisation, indicator=Indicator.objects.get(code=code)
        )
    visitor.sign_in(member.email, PASSWORD)
    visitor.visit("/indicators/")
    content = visitor.page.content()
    assert "No judgement recorded yet" in content and "Waiting more than 18 weeks" in content
    visitor.page.click("a >> text=Record the first judgement")
    visitor.page.wait_for_load_state()
    visitor.check()
    visitor.page.fill("#id_period", "2025-26")
    visitor.page.check("input[name=rating][value='3']")
    visitor.page.fill("#id_evidence", "Board minutes of 3 June 2025: four questions on waits.")
    visitor.page.click("button >> text=Record the judgement")
    visitor.page.wait_for_load_state()
    visitor.visit("/indicators/")
    content = visitor.page.content()
    assert "3 of 5: developing (2025-26)" in content and "First judgement recorded" in content
