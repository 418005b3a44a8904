"""The dashboard's tiles: a fixed number of queries, a cache that is never stale, judgements."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from equityhub.indicators.dashboard.selectors import dashboard_tiles
from equityhub.indicators.dashboard.services import adoption_save
from equityhub.indicators.judgements.services import judgement_record
from equityhub.indicators.models import Adoption, Indicator, Judgement, Result, Signal
from tests.indicators.conftest import DECILE_COUNTS, good_rows

pytestmark = pytest.mark.django_db
PERIODS = [("2023-Q1", 2023.125), ("2023-Q2", 2023.375), ("2023-Q3", 2023.625)]
EVIDENCE = "Board minutes of 3 June: four questions on the deprivation gap in waits."


def _adopt_with_results(organisation: Any, count: int, *, first: int = 0) -> None:
    """`count` adopted indicators, each with three periods of overall values, gaps and SIIs."""
    for i in range(first, first + count):
        indicator = Indicator.objects.create(
            code=f"tile-test-{i}",
            name=f"Tile test {i:02d}",
            description="For the tile tests.",
            type="proportion",
            polarity="lower_better",
            source="test",
        )
        Adoption.objects.create(organisation=organisation, indicator=indicator)
        for n, (period, number) in enumerate(PERIODS):
            for breakdown, kind, value in (
                ("overall", "category", 20.0 + n + i),
                ("deprivation_decile", "gap", 5.0 - n),
                ("deprivation_decile", "sii", 6.0 - n),
            ):
                Result.objects.create(
                    organisation=organisation,
                    indicator=indicator,
                    period=period,
                    period_number=number,
                    breakdown=breakdown,
                    category="Total" if kind == "category" else "",
                    kind=kind,
                    value=value,
                    published=False,
                )
        Signal.objects.create(
            organisation=organisation,
            indicator=indicator,
            measure="value",
            breakdown="overall",
            variation="special cause concern",
            published=False,
        )


def _dashboard_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/indicators/").status_code == 200
    return len(queries.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_tiles(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    from django.core.cache import cache

    client = client_for(personas["owner"])
    _adopt_with_results(organisation, 3)
    client.get("/indicators/")  # the session and sign-in settle on the first request
    cache.clear()
    cold_three = _dashboard_queries(client)
    warm_three = _dashboard_queries(client)
    _adopt_with_results(organisation, 9, first=3)
    cache.clear()
    cold_twelve = _dashboard_queries(client)
    warm_twelve = _dashboard_queries(client)
    page = client.get("/indicators/").content.decode()
    assert page.count("nhsuk-card__heading") == 12
    assert cold_three == cold_twelve
    assert warm_three == warm_twelve
    assert warm_twelve < cold_twelve  # the cached figures save the queries that compute them


def test_home_page_query_count_does_not_grow_with_tiles(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    from django.core.cache import cache

    client = client_for(personas["owner"])
    _adopt_with_results(organisation, 3)
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as three:
        page = client.get("/").content.decode()
    assert page.count("the latest figures moved beyond their usual range") == 3
    _adopt_with_results(organisation, 9, first=3)
    cache.clear()
    with CaptureQueriesContext(connection) as twelve:
        client.get("/")
    assert len(three.captured_queries) == len(twelve.captured_queries)


def _tile(organisation: Any, user: Any, code: str) -> Any:
    return next(t for t in dashboard_tiles(organisation, user) if t.indicator.code == code)


def test_a_new_commit_shows_on_the_next_load(
    upload: Any, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    owner = personas["owner"]
    upload(personas["member"], good_rows("2024-25"))
    adoption_save(
        actor=owner,
        organisation=organisation,
        indicator=Indicator.objects.get(code="rtt-waiting-over-18-weeks"),
    )
    client = client_for(owner)
    total = sum(x for x, _ in DECILE_COUNTS)  # the deciles' waiting counts, by hand below
    page = client.get("/indicators/").content.decode()
    assert f"{100 * (total + 40) / 10200:.1f}" in page and "(2024-25)" in page
    upload(personas["member"], good_rows("2025-26", shift=100))
    page = client.get("/indicators/").content.decode()
    # every decile 100 fewer: the overall value falls from (total + 40) to (total - 1000 + 40)
    assert f"{100 * (total - 1000 + 40) / 10200:.1f}" in page and "(2025-26)" in page


def test_a_changed_target_and_a_changed_adoption_show_on_the_next_load(
    upload: Any, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    owner = personas["owner"]
    upload(personas["member"], good_rows("2024-25"))
    rtt = Indicator.objects.get(code="rtt-waiting-over-18-weeks")
    adoption_save(actor=owner, organisation=organisation, indicator=rtt)
    client = client_for(owner)
    assert "No target" in client.get("/indicators/").content.decode()
    # the latest overall value is (2160 + 40)/10200 = 21.6%; a target of 30 (lower is better)
    # is met
    adoption_save(
        actor=owner,
        organisation=organisation,
        indicator=rtt,
        target_value=30,
        target_date=datetime.date(2030, 3, 31),
    )
    assert "Met" in client.get("/indicators/").content.decode()
    assert "Smoking at time of delivery" not in client.get("/indicators/").content.decode()
    adoption_save(
        actor=owner,
        organisation=organisation,
        indicator=Indicator.objects.get(code="smoking-at-delivery"),
    )
    assert "Smoking at time of delivery" in client.get("/indicators/").content.decode()


def test_unpublished_figures_are_never_served_from_the_team_cache(
    personas: dict[str, Any], organisation: Any
) -> None:
    _adopt_with_results(organisation, 1)
    team = _tile(organisation, personas["owner"], "tile-test-0")
    assert team.latest is not None and team.latest.period == "2023-Q3"
    outside = _tile(organisation, personas["outsider"], "tile-test-0")
    assert outside.latest is None and outside.spc.startswith("Too few")
    Result.objects.filter(period="2023-Q1").update(published=True)
    outside = _tile(organisation, personas["outsider"], "tile-test-0")
    assert outside.latest is not None and outside.latest.period == "2023-Q1"


def test_a_new_judgement_shows_with_its_words_period_and_change(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    scrutiny = Indicator.objects.get(code="board-scrutiny")
    adoption_save(actor=personas["owner"], organisation=organisation, indicator=scrutiny)
    client = client_for(personas["member"])
    page = client.get("/indicators/").content.decode()
    assert "No judgement recorded yet" in page
    assert "/indicators/RZZ/board-scrutiny/judgements/" in page and "Record the first" in page
    for period, rating in (("2024-25", 2), ("2025-26", 3)):
        judgement_record(
            actor=personas["member"],
            organisation=organisation,
            indicator=scrutiny,
            period=period,
            rating=rating,
            evidence=EVIDENCE,
        )
        page = client.get("/indicators/").content.decode()
        assert f"{rating} of 5: {'emerging' if rating == 2 else 'developing'} ({period})" in page
    assert "Up from 2 of 5: emerging in 2024-25" in page
    # a later judgement for the same period replaces the earlier one on the tile
    judgement_record(
        actor=personas["member"],
        organisation=organisation,
        indicator=scrutiny,
        period="2025-26",
        rating=1,
        evidence=EVIDENCE,
    )
    page = client.get("/indicators/").content.decode()
    assert "1 of 5: not started (2025-26)" in page and "Down from 2 of 5: emerging" in page
    assert Judgement.objects.count() == 3


def test_judgement_tile_for_an_administrator_has_no_record_link(
    registry: None, personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    scrutiny = Indicator.objects.get(code="board-scrutiny")
    adoption_save(actor=personas["owner"], organisation=organisation, indicator=scrutiny)
    team_page = client_for(personas["member"]).get("/indicators/").content.decode()
    assert "Record the first" in team_page  # the team's cards are cached first
    page = client_for(personas["administrator"]).get("/indicators/?organisation=RZZ")
    text = page.content.decode()
    assert "No judgement recorded yet" in text and "Record the first" not in text


def test_a_rating_target_is_judged_from_the_latest_rating(
    registry: None, personas: dict[str, Any], organisation: Any
) -> None:
    scrutiny = Indicator.objects.get(code="board-scrutiny")
    adoption_save(
        actor=personas["owner"],
        organisation=organisation,
        indicator=scrutiny,
        target_value=4,
        target_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert _tile(organisation, personas["owner"], "board-scrutiny").status.status == "no data yet"
    judgement_record(
        actor=personas["member"],
        organisation=organisation,
        indicator=scrutiny,
        period="2024-25",
        rating=3,
        evidence=EVIDENCE,
    )
    tile = _tile(organisation, personas["owner"], "board-scrutiny")
    assert tile.status.status == "missed"  # 3 is below 4 and the date has passed


def test_a_result_rewritten_in_place_shows_on_the_next_load(
    personas: dict[str, Any], organisation: Any
) -> None:
    """A recompute may rewrite rows in place (same ids, same count): `computed_at` moves."""
    _adopt_with_results(organisation, 1)
    assert _tile(organisation, personas["owner"], "tile-test-0").latest.value == 22.0
    Result.objects.filter(period="2023-Q3", kind="category").update(
        value=31.5, computed_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    assert _tile(organisation, personas["owner"], "tile-test-0").latest.value == 31.5


def test_nothing_adopted_says_where_to_start(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    page = client_for(personas["owner"]).get("/indicators/").content.decode()
    assert "has not adopted any indicators yet" in page and "nhsuk-card-group" not in page
