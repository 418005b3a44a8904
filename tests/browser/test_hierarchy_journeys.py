"""A system's indicator page with its control charts and trend in a browser: axe finds
nothing, with JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODE = "rtt-waiting-over-18-weeks"


def test_a_systems_page_with_its_signals(visitor: Any, personas: Any, organisation: Any) -> None:
    from equityhub.indicators.services_registry import indicator_registry_load
    from equityhub.indicators.services_returns import return_check, return_commit

    indicator_registry_load()
    rows = [row for period in ("2023-24", "2024-25") for row in good_rows(period)]
    preview = return_check(
        actor=personas["member"],
        organisation=organisation,
        filename="r.csv",
        content=csv_bytes(rows),
        publish=True,
    )
    assert preview.data_return is not None
    return_commit(actor=personas["member"], data_return=preview.data_return)
    visitor.visit(f"/indicators/area/system/{organisation.system.code}/{CODE}/")
    content = visitor.page.content()
    assert "Overall value over time" in content
    assert "Slope index of inequality over time" in content
    assert "Control chart figures" in content
