"""Bulk-added resources form a sound page tree, are searchable, and serve like any other."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict


@pytest.fixture
def added(library: Any, make_item: Any) -> list[int]:
    from equityhub.library.bulk import NewResource, bulk_add_resources
    from equityhub.library.taxonomy import Audience, Topic

    make_item(title="Made the ordinary way first")
    maternity = Topic.objects.get(slug="maternity").pk
    finance = Audience.objects.get(slug="finance").pk
    words = ["hypertension", "maternity", "payroll", "estates", "catering"]
    new = [
        NewResource(
            fields={
                "title": f"Bulk {words[i % 5]} resource {i}",
                "slug": f"bulk-{i}",
                "summary": f"A generated note about {words[i % 5]} services, number {i}.",
                "members_only": i == 1,
            },
            topic_ids=[maternity] if words[i % 5] == "maternity" else [],
            audience_ids=[finance] if i % 2 else [],
        )
        for i in range(25)
    ]
    return bulk_add_resources(new, batch_size=10)


def test_tree_is_sound_and_counts_children(added: list[int], library: Any) -> None:
    from wagtail.models import Page

    from equityhub.library.models import Resource

    assert len(added) == 25
    assert all(not problems for problems in Page.find_problems())
    library.refresh_from_db()
    assert library.numchild == 26
    assert library.get_children().count() == 26
    page = Resource.objects.get(slug="bulk-7")
    assert page.url_path == f"{library.url_path}bulk-7/"
    assert page.live and page.get_parent().pk == library.pk


def test_bulk_resources_are_found_by_search_and_facets(added: list[int], filler: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from equityhub.library.search import find

    outcome = find(QueryDict("q=maternity"), AnonymousUser())
    # Five items mention maternity; bulk-1 is members-only, so the public sees four.
    assert len(outcome.ids) == 4
    topic_facet = next(f for f in outcome.facets if f.name == "topic")
    assert [(o.value, o.count) for o in topic_facet.options] == [("maternity", 4)]
    audience = next(f for f in outcome.facets if f.name == "audience")
    assert {o.value: o.count for o in audience.options} == {"finance": 2}


def test_bulk_resource_page_serves(added: list[int], client: Any) -> None:
    response = client.get("/library/bulk-3/")
    assert response.status_code == 200
    assert "Bulk estates resource 3" in response.text
    assert client.get("/library/bulk-1/").status_code == 302  # members only
