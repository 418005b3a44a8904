"""Facet counts are what choosing each facet finds, over many items and both databases, and
hostile search input gives an ordinary page."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from equityhub.library import search
from equityhub.library.bulk import NewResource, bulk_add_resources
from equityhub.library.models import Geography, Kind, Level
from equityhub.library.taxonomy import Audience, Topic

pytestmark = pytest.mark.django_db

WORDS = ["anchor", "bowel", "carers", "dental", "equity", "frailty", "gypsy", "housing"]


@pytest.fixture
def library_of_200(library: Any) -> list[int]:
    rng = random.Random(7)
    topics = list(Topic.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    kinds = [k for k in Kind.values if k not in {Kind.CASE_STUDY, Kind.PATHWAY}]
    today = datetime.date.today()
    return bulk_add_resources(
        [
            NewResource(
                fields={
                    "title": " ".join(rng.sample(WORDS, 2)).capitalize() + f" {n}",
                    "slug": f"counted-{n}",
                    "summary": " ".join(rng.choices(WORDS, k=6)) + ".",
                    "kind": rng.choice(kinds),
                    "level": rng.choice(Level.values),
                    "geography": rng.choice(Geography.values),
                    "members_only": rng.random() < 0.2,
                    "publication_date": (
                        None
                        if n % 17 == 0
                        else today - datetime.timedelta(days=rng.randrange(4000))
                    ),
                    "next_review_date": today + datetime.timedelta(days=rng.randrange(-300, 300)),
                },
                topic_ids=rng.sample(topics, 2),
                audience_ids=rng.sample(audiences, rng.randrange(3)),
            )
            for n in range(200)
        ],
        batch_size=70,
    )


def _by_hand(ids: list[int]) -> dict[str, Counter[str]]:
    """The counts worked out from the items themselves, one by one."""
    from equityhub.library.models import LibraryItem

    counts: dict[str, Counter[str]] = {name: Counter() for name in search.FACETS}
    items = LibraryItem.objects.filter(pk__in=ids).prefetch_related("topics", "audiences")
    for item in items:
        for name in ("kind", "level", "geography"):
            counts[name][getattr(item, name)] += 1
        counts["topic"].update(t.slug for t in item.topics.all())
        counts["audience"].update(a.slug for a in item.audiences.all())
    return counts


@pytest.mark.parametrize(
    "query",
    [
        "q=equity",
        "q=equity+housing",
        "q=equity+zzzz",  # any word
        "q=carers&level=advanced",
        "q=dental&kind=research&kind=guidance",
        "q=bowel&published=5y",
        "q=frailty&freshness=overdue",
        "level=introductory",  # browsing without words
        "",
    ],
)
def test_counts_equal_the_filtered_result(
    library_of_200: list[int], personas: dict[str, Any], query: str
) -> None:
    for user in (AnonymousUser(), personas["member"]):
        outcome = search.find(QueryDict(query), user)
        assert outcome.ids, query
        assert len(set(outcome.ids)) == len(outcome.ids)
        by_hand = _by_hand(outcome.ids)
        for facet in outcome.facets:
            for option in facet.options:
                if facet.name not in {"published", "freshness"}:
                    assert option.count == by_hand[facet.name][option.value], (facet.name, option)
                if option.selected:
                    continue  # choosing it again changes nothing
                chosen = search.find(QueryDict(f"{query}&{facet.name}={option.value}"), user)
                assert option.count == chosen.total, (query, facet.name, option.value)


def test_members_see_more_and_the_public_no_private_items(
    library_of_200: list[int], personas: dict[str, Any]
) -> None:
    from equityhub.library.models import LibraryItem

    private = set(LibraryItem.objects.filter(members_only=True).values_list("pk", flat=True))
    public = search.find(QueryDict("q=equity"), AnonymousUser())
    member = search.find(QueryDict("q=equity"), personas["member"])
    assert not private & set(public.ids)
    assert private & set(member.ids)
    assert set(public.ids) < set(member.ids)


def test_title_words_rank_above_summary_words(make_item: Any, filler: Any) -> None:
    make_item(title="Guidance on transport", summary="Mentions the okapi once.")
    make_item(title="Okapi enclosure review", summary="A review.")
    outcome = search.find(QueryDict("q=okapi"), None)
    titles = [item.title for item in search.items_for(outcome.ids)]
    assert titles == ["Okapi enclosure review", "Guidance on transport"]


HOSTILE = [
    '"',
    "'",
    '"unbalanced AND ( OR * -',
    "a & b | !c <-> d:* ",
    "NEAR(equity housing, 2)",
    "{title} : equity ^ housing*",
    "title:equity OR body:housing",
    "' OR 1=1 --",
    "'; DROP TABLE library_libraryitem; --",
    "\\x00 \\",
    "equity\x00housing",
    "\x00",
    "ÉQUITÉ santé – ñandú",
    "平等 住宅",
    "مساواة",
    "equity 🏥 housing",
    "e\u0301quity",
    "the of and",  # stop words only
    "AND OR NOT NEAR",
    "x" * 5000,
    "equity " * 400,
    "%_%",
    "$1 %s %(q)s {0}",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_normal_page(
    library_of_200: list[int], client: Any, query: str
) -> None:
    response = client.get("/library/search/", {"q": query, "topic": query, "kind": query})
    assert response.status_code == 200
    assert b"Search" in response.content
    export = client.get("/library/search/export/", {"q": query, "format": "csv"})
    assert export.status_code in {200, 400}
    params = QueryDict(mutable=True)
    params["q"] = query
    outcome = search.find(params, None)
    assert outcome.total == len(outcome.ids)


@pytest.mark.parametrize("query", ["kind=recording", "kind=recording&level=advanced", "q=zzzz"])
def test_nothing_found_gives_an_empty_page(make_item: Any, client: Any, query: str) -> None:
    make_item(title="Only a guidance note", kind="guidance")
    outcome = search.find(QueryDict(query), None)
    assert outcome.ids == [] and outcome.total == 0
    assert all(option.count == 0 for facet in outcome.facets for option in facet.options)
    assert client.get(f"/library/search/?{query}").status_code == 200
