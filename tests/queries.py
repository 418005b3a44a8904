"""A page's query count must not grow with the rows it shows.

`assert_queries_do_not_grow(load, grow)` adds rows with `grow`, loads a page once to let the
session and caches settle, counts its queries, adds rows again, and counts again. When the
counts differ the failure lists the statements that ran more often, with numbers and quoted
values blanked, so the one query made per row is named rather than only counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
IN_LIST = re.compile(r"IN \((?:\?|%s|N)(?:, ?(?:\?|%s|N))*\)")


def page(client: Client, url: str) -> Callable[[], object]:
    """Loads `url` with the client, failing unless it answers 200."""

    def load() -> object:
        response = client.get(url)
        assert response.status_code == 200, url
        return response

    return load


def shape(sql: str) -> str:
    """The statement with its values blanked: a query repeated per row has one shape."""
    return IN_LIST.sub("IN (…)", LITERAL.sub("N", sql))


def captured(load: Callable[[], object]) -> list[str]:
    """The SQL of every query `load` runs, with the per-process caches emptied first."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        load()
    return [query["sql"] for query in queries.captured_queries]


def assert_queries_do_not_grow(load: Callable[[], object], grow: Callable[[], object]) -> None:
    grow()  # start from some rows: an empty list skips queries (prefetches) that any rows need
    load()  # the first request settles the session, content types and sign-in state
    before = captured(load)
    grow()
    after = captured(load)
    if len(after) == len(before):
        return
    more = Counter(map(shape, after)) - Counter(map(shape, before))
    lines = "\n".join(f"  +{count}: {sql[:300]}" for sql, count in more.most_common(8))
    raise AssertionError(
        f"{len(before)} queries before the rows were added, {len(after)} after; "
        f"these ran more often:\n{lines}"
    )
