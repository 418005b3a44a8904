"""The library's pages make the same number of queries for two items as for ten."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from equityhub.library.taxonomy import Topic
from tests.queries import assert_queries_do_not_grow, page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("viewer", ["owner", "anonymous"])
def test_listing_pages_with_more_items(
    personas: dict[str, Any], make_item: Callable[..., Any], client_for: Any, viewer: str
) -> None:
    topic = Topic.objects.order_by("pk").first()
    assert topic is not None

    def items(count: int) -> None:
        for kind in ("resource", "case", "pathway")[:count]:
            make_item(kind, title=f"Waiting list {kind}", topics=(topic.slug,))

    items(2)
    client = client_for(personas[viewer])
    for url in (
        reverse("library:index"),
        reverse("library:search") + "?q=waiting",
        reverse("library:topics"),
        reverse("library:topic", kwargs={"slug": topic.slug}),
        reverse("library:new"),
    ):
        assert_queries_do_not_grow(page(client, url), lambda: [items(3) for _ in range(2)])
