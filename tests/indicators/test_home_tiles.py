"""The home page's "indicators needing attention" reads the cached tiles, judgements included."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.dashboard.services import adoption_save
from equityhub.indicators.judgements.services import judgement_record
from equityhub.indicators.models import Indicator

pytestmark = pytest.mark.django_db
EVIDENCE = "Board minutes of 3 June: four questions on the deprivation gap in waits."


def _rate(actor: Any, organisation: Any, indicator: Any, period: str, rating: int) -> None:
    judgement_record(
        actor=actor,
        organisation=organisation,
        indicator=indicator,
        period=period,
        rating=rating,
        evidence=EVIDENCE,
    )


def test_a_falling_rating_needs_attention_and_links_to_the_judgements(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    scrutiny = Indicator.objects.get(code="board-scrutiny")
    adoption_save(actor=personas["owner"], organisation=organisation, indicator=scrutiny)
    _rate(personas["member"], organisation, scrutiny, "2024-25", 3)
    client = client_for(personas["owner"])
    page = client.get("/").content.decode()
    assert "Indicators needing attention" in page and "rating fell" not in page
    _rate(personas["member"], organisation, scrutiny, "2025-26", 2)
    page = client.get("/").content.decode()
    assert "rating fell to 2 of 5: emerging" in page
    assert "was 3 of 5: developing in 2024-25" in page
    assert "/indicators/RZZ/board-scrutiny/judgements/" in page
    # a rise is not news for this list
    _rate(personas["member"], organisation, scrutiny, "2025-26", 4)
    assert "rating fell" not in client.get("/").content.decode()


def test_the_section_stays_with_the_team(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    scrutiny = Indicator.objects.get(code="board-scrutiny")
    adoption_save(actor=personas["owner"], organisation=organisation, indicator=scrutiny)
    _rate(personas["member"], organisation, scrutiny, "2024-25", 3)
    _rate(personas["member"], organisation, scrutiny, "2025-26", 1)
    assert "rating fell" in client_for(personas["member"]).get("/").content.decode()
    for persona in ("outsider", "anonymous"):
        page = client_for(personas[persona]).get("/").content.decode()
        assert "rating fell" not in page and "Indicators needing attention" not in page
