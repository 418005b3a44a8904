"""A system's indicator page with its control charts and trend in a browser: axe finds
nothing, with JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODE = "rtt-waiting-over-18-weeks"


def test_a_systems_page_with_its_signals(visitor: Any, personas: Any, organisation: Any) -> None:
    from equityhub.indicators.registry.services import indicator_registry_load
    from equityhub.indicators.returns.services import return_check, return_commit
    from equityhub.people.models import Membership, Organisation

    indicator_registry_load()
    other = Organisation.objects.create(
        code="RYY", name="Other Hospitals NHS Trust", kind="trust", system=organisation.system,
        region=organisation.region,
    )  # fmt: skip
    Membership.objects.create(
        user=personas["owner"], organisation=other, role="lead", status="approved"
    )
    # two trusts: a system resting on one shows no figures of its own
    for actor, trust in ((personas["member"], organisation), (personas["owner"], other)):
        periods = ("2023-24", "2024-25")
        rows = [row for period in periods for row in good_rows(period, code=trust.code)]
        preview = return_check(
            actor=actor, organisation=trust, filename="r.csv", content=csv_bytes(rows),
            publish=True,
        )  # fmt: skip
        assert preview.data_return is not None
        return_commit(actor=actor, data_return=preview.data_return)
    visitor.visit(f"/indicators/area/system/{organisation.system.code}/{CODE}/")
    content = visitor.page.content()
    assert "2 of the 2 organisations in this area have reported" in content
    assert "Overall value over time" in content
    assert "Slope index of inequality over time" in content
    assert "Control chart figures" in content
