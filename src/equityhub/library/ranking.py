"""Ranked matches for a search: Wagtail search, with one faster query on SQLite FTS5.

Wagtail's SQLite backend (modelsearch 1.3) ranks each matched row with its own correlated
subquery that runs the full-text ``MATCH`` again, so the cost grows with the square of the
number of matches: 2 seconds for a common word in 5,000 resources, minutes in 100,000 (see
``benchmarks/library_search_bench.py``). On SQLite with Wagtail's database backend we therefore
run the same match against the same FTS5 index once, ranked by ``bm25`` (title weighted above
body, as Wagtail does), and keep only the ids the caller's queryset allows. Everywhere else —
PostgreSQL, OpenSearch — the ranking is Wagtail search's own, so moving to OpenSearch stays a
settings change.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from wagtail.search.backends import get_search_backend

TITLE_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# The FTS5 table, its columns (autocomplete, body, title) and its rowid are modelsearch's own,
# not a public interface: the version is pinned exactly in pyproject.toml, and
# tests/library/test_pinned_libraries.py fails on another.
MODELSEARCH_VERSION = "1.3.2"


def _sqlite_fts5_in_use() -> bool:
    backend = get_search_backend()
    return connection.vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend"


def _match_expression(words: list[str], operator: str) -> str:
    joiner = " AND " if operator == "and" else " OR "
    return "{title body} : (" + joiner.join(f'"{word}"' for word in words) + ")"


def _fts5_ranked_ids(qs: Any, words: list[str], operator: str, limit: int) -> list[int]:
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    fts = connection.ops.quote_name(f"{IndexEntry._meta.db_table}_fts")
    content_types = sorted(set(get_descendants_content_types_pks(qs.model)))
    allowed_sql, allowed_params = qs.order_by().values("pk").query.sql_with_params()
    marks = ", ".join(["%s"] * len(content_types))
    sql = (
        f"SELECT CAST(e.object_id AS INTEGER) FROM {fts} f JOIN {table} e ON e.id = f.rowid "
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({marks}) "
        f"AND CAST(e.object_id AS INTEGER) IN ({allowed_sql}) "
        f"ORDER BY bm25({fts}, 0, {BODY_WEIGHT}, {TITLE_WEIGHT}), e.id LIMIT %s"
    )
    params = [_match_expression(words, operator), *content_types, *allowed_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_ids(qs: Any, query: str, *, operator: str, limit: int) -> list[int]:
    """Ids of ``qs`` matching the plain words of ``query``, best first, at most ``limit``."""
    words = query.split()
    if not words:
        return []
    if _sqlite_fts5_in_use():
        return _fts5_ranked_ids(qs, words, operator, limit)
    return [item.pk for item in qs.search(query, operator=operator)[:limit]]
