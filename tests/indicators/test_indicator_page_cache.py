"""The indicator page's figures are drawn once per change of their inputs (`dashboard.figures`):
never shown to someone who may not see them, and never stale after a recompute or publication."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.models import Result
from tests.indicators.test_dashboard_tiles import _adopt_with_results

pytestmark = pytest.mark.django_db
PAGE = "/indicators/RZZ/tile-test-0/"
NONE_YET = "There are no results you can see"


def _text(client: Any, address: str = PAGE) -> str:
    response = client.get(address)
    assert response.status_code == 200
    return str(response.content.decode())


def test_unpublished_figures_drawn_for_the_team_are_never_shown_to_others(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    _adopt_with_results(organisation, 1)
    team = _text(client_for(personas["owner"]))
    assert NONE_YET not in team and "2023-Q3" in team
    for who in ("outsider", None):
        page = _text(client_for(personas[who] if who else None))
        assert NONE_YET in page and "2023-Q3" not in page, who
    Result.objects.filter(period="2023-Q1").update(published=True)
    outside = _text(client_for(personas["outsider"]))
    assert NONE_YET not in outside and "2023-Q1" in outside and "2023-Q3" not in outside


def test_a_recompute_redraws_the_figures_and_each_period_is_drawn_apart(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    _adopt_with_results(organisation, 1)
    client = client_for(personas["owner"])
    assert "22.0" in _text(client)  # the latest period's overall value
    assert "20.0" in _text(client, PAGE + "?period=2023-Q1")
    # A recompute deletes the rows and writes them again, as `results.store` does.
    latest = Result.objects.get(period="2023-Q3", kind="category")
    latest.delete()
    latest.pk = None
    latest.value = 31.5
    latest.save()
    page = _text(client)
    assert "31.5" in page and "22.0" not in page
