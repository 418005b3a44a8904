"""Search, filters and facets (runs on SQLite FTS5 and on PostgreSQL)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.http import QueryDict

from equityhub.library import search

TITLE_A = "Ethnicity data quality in hospital records"
TITLE_B = "Improving ethnicity data quality: advanced methods"
TITLE_C = "Members briefing on ethnicity data quality"
TITLE_D = "Draft note on ethnicity data quality"


@pytest.fixture
def world(make_item: Any, filler: Any, personas: dict[str, Any]) -> dict[str, Any]:
    make_item(
        title=TITLE_A,
        summary="How complete ethnicity recording is, and how to raise data quality.",
        level="introductory",
        kind="evidence_summary",
        topics=("complete-data", "ethnicity"),
        audiences=("data-and-analysts",),
        publication_date=datetime.date(2025, 1, 1),
    )
    make_item(
        title=TITLE_B,
        summary="Statistical methods for checking ethnicity data quality.",
        level="advanced",
        kind="method",
        topics=("complete-data",),
        publication_date=datetime.date(2019, 1, 1),
    )
    make_item(title=TITLE_C, summary="For members: ethnicity data quality.", members_only=True)
    make_item(title=TITLE_D, summary="Not yet published: ethnicity data quality.", live=False)
    return personas


def _find(user: Any, query: str) -> search.SearchOutcome:
    return search.find(QueryDict(query), user)


def _titles(outcome: search.SearchOutcome) -> list[str]:
    return [item.title for item in search.items_for(outcome.ids)]


def test_visibility_ranking_filters_and_facets(world: dict[str, Any], client: Any) -> None:
    anonymous = _find(None, "q=ethnicity+data+quality")
    assert sorted(_titles(anonymous)) == sorted([TITLE_A, TITLE_B])
    member = _find(world["member"], "q=ethnicity+data+quality")
    assert sorted(_titles(member)) == sorted([TITLE_A, TITLE_B, TITLE_C])

    assert _titles(_find(None, "q=ethnicity+data+quality&level=introductory")) == [TITLE_A]
    assert _titles(_find(None, "q=ethnicity&topic=ethnicity")) == [TITLE_A]
    assert _titles(_find(None, "q=ethnicity&audience=data-and-analysts")) == [TITLE_A]
    assert _titles(_find(None, "q=ethnicity&kind=method")) == [TITLE_B]
    assert _titles(_find(None, "q=ethnicity+data&sort=newest")) == [TITLE_A, TITLE_B]
    assert _titles(_find(None, "q=ethnicity&published=2y")) == [TITLE_A]

    facets = {f.name: {o.value: o.count for o in f.options} for f in anonymous.facets}
    assert facets["kind"] == {"evidence_summary": 1, "method": 1}
    assert facets["level"] == {"introductory": 1, "advanced": 1}
    assert facets["topic"] == {"complete-data": 2, "ethnicity": 1}
    assert facets["audience"] == {"data-and-analysts": 1}


def test_each_facet_count_is_what_choosing_it_finds(world: dict[str, Any]) -> None:
    query = "q=ethnicity+data+quality"
    for user in (None, world["member"]):
        outcome = _find(user, query)
        assert outcome.facets
        for facet in outcome.facets:
            for option in facet.options:
                chosen = _find(user, f"{query}&{facet.name}={option.value}")
                assert option.count == chosen.total, (facet.name, option.value)


def test_any_word_when_every_word_finds_nothing(world: dict[str, Any]) -> None:
    outcome = _find(None, "q=ethnicity+zebra")
    assert outcome.broadened
    assert set(_titles(outcome)) == {TITLE_A, TITLE_B}


def test_search_page_highlights_and_keeps_filters_in_the_address(
    world: dict[str, Any], client: Any
) -> None:
    body = client.get("/library/search/?q=ethnicity+data&level=introductory").content.decode()
    assert "<mark>Ethnicity</mark> <mark>data</mark> quality" in body
    assert "<mark>ethnicity</mark> recording" in body
    assert TITLE_B not in body and TITLE_C not in body and TITLE_D not in body
    assert 'href="?q=ethnicity+data"' in body  # remove the level filter
    assert 'value="introductory" checked' in body


def test_no_results_suggests_broader_searches_and_closest_titles(
    world: dict[str, Any], client: Any
) -> None:
    body = client.get("/library/search/?q=ethnicty+dta+qualty").content.decode()
    assert "No results" in body
    assert TITLE_A in body  # closest title
    assert "browse by topic" in body
    filtered = client.get("/library/search/?q=ethnicity&kind=recording").content.decode()
    assert "search again with no filters" in filtered


def test_pagination_and_bad_input(world: dict[str, Any], client: Any) -> None:
    outcome = _find(None, "q=operations")
    assert outcome.total == 32
    first = client.get("/library/search/?q=operations&level=introductory").content.decode()
    assert "?q=operations&amp;level=introductory&amp;page=2" in first
    assert client.get("/library/search/?q=operations&page=99").status_code == 200
    odd = client.get("/library/search/", {"q": '"unbalanced AND ( OR * -', "level": "bogus"})
    assert odd.status_code == 200
    too_long = client.get("/library/search/", {"q": "x" * 500, "kind": "not-a-kind"})
    assert too_long.status_code == 200


def test_browse_by_topic_and_audience(world: dict[str, Any], client: Any) -> None:
    body = client.get("/library/topics/ethnicity/").content.decode()
    assert TITLE_A in body and TITLE_B not in body
    body = client.get("/library/for/data-and-analysts/").content.decode()
    assert TITLE_A in body
    index = client.get("/library/topics/").content.decode()
    assert "Ethnic health inequalities" in index
    assert client.get("/library/topics/no-such-topic/").status_code == 404
