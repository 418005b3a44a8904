"""The home page's "indicators needing attention" and the synthetic demo loader."""

from __future__ import annotations

from typing import Any

import pytest

from equityhub.indicators.demo.indicators import DEMO_FILENAME, PERIODS, demo_indicators_load
from equityhub.indicators.models import Adoption, DataReturn, Result

pytestmark = pytest.mark.django_db


def test_demo_is_synthetic_labelled_and_idempotent(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    demo_indicators_load("pw")
    data_return = DataReturn.objects.get(organisation=organisation)
    assert data_return.is_synthetic and data_return.filename == DEMO_FILENAME
    assert len(PERIODS) >= 12
    overall = Result.objects.filter(
        indicator__code="rtt-waiting-over-18-weeks", breakdown="overall", kind="category"
    )
    assert overall.filter(organisation=organisation).count() == len(PERIODS)
    # the demo computes the system, region and England too, so every level shows at once
    assert {r.area_level for r in overall} == {"organisation", "system", "region", "england"}
    gaps = Result.objects.filter(
        indicator__code="smoking-at-delivery",
        kind="gap",
        breakdown="deprivation_decile",
        organisation=organisation,
    )
    shown = [g.value for g in gaps if g.value is not None]
    assert len(shown) >= 6 and all(v > 0 for v in shown)  # the most deprived smoke more
    demo_indicators_load("pw")
    assert DataReturn.objects.count() == 1
    assert Adoption.objects.filter(organisation=organisation).count() == 6
    page = client_for(personas["member"]).get("/indicators/returns/")
    assert b"Synthetic" in page.content
    assert (
        b"synthetic demonstration data"
        in client_for(personas["member"]).get("/indicators/").content
    )


def test_home_section_for_the_team_only(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    demo_indicators_load("pw")
    page = client_for(personas["owner"]).get("/")
    assert b"Indicators needing attention" in page.content
    assert b"Indicators needing attention" not in client_for(personas["outsider"]).get("/").content
