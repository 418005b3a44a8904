"""Ranked matches for a search, as SQL that ``library.matches`` runs in one statement.

Each database ranks with its own full-text index, giving every match a score (lower is better):

- SQLite: Wagtail's FTS5 table, ranked by ``bm25`` (title weighted above body, as Wagtail does).
  Wagtail's SQLite backend (modelsearch 1.3) ranks each matched row with a correlated subquery
  that runs the ``MATCH`` again, so its cost grows with the square of the number of matches
  (minutes for a common word in 100,000 resources); one ``MATCH`` here is ranked once.
- PostgreSQL: the library's own stored vectors (``library.search_index``) under a GIN index,
  ranked by ``ts_rank``.

Both keep only the matches the reader may see through the stored visibility flags
(``library.search_index``): no join with the page tables per match.

Everywhere else (OpenSearch) Wagtail search ranks, so moving to OpenSearch stays a settings
change: ``hits`` returns None and the caller asks ``wagtail_ranked_ids``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from wagtail.search.backends import get_search_backend

from equityhub.library.search_index import LINK_COLUMNS, search_config

TITLE_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# The FTS5 table, its columns (autocomplete, body, title) and its rowid are modelsearch's own,
# not a public interface: the version is pinned exactly in pyproject.toml, and
# tests/library/test_pinned_libraries.py fails on another.
MODELSEARCH_VERSION = "1.3.2"
# A value bound to a placeholder in the SQL built here and in library.matches.
SqlParam = str | int | float | bool | datetime.date | None


# Each match's topic and audience ids, from the search row the ranking reads anyway: the
# counting statement (library.matches) counts them without looking the row up again.
_LINKS = ", ".join(f"d.{name}" for name in LINK_COLUMNS)


@dataclass(frozen=True)
class Hits:
    """SQL selecting ``id``, ``score`` (lower is better) and the search row's topic and
    audience ids (``search_index.LINK_COLUMNS``) for every match the reader may see (by the
    stored flags)."""

    sql: str
    params: list[SqlParam]


def _backend_name() -> str:
    return type(get_search_backend()).__name__


def _match_expression(words: list[str], operator: str) -> str:
    joiner = " AND " if operator == "and" else " OR "
    return "{title body} : (" + joiner.join(f'"{word}"' for word in words) + ")"


def _fts5_hits(words: list[str], operator: str, *, signed_in: bool) -> Hits:
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    from equityhub.library.models import LibraryItem

    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    fts = connection.ops.quote_name(f"{IndexEntry._meta.db_table}_fts")
    content_types = sorted(set(get_descendants_content_types_pks(LibraryItem)))
    marks = ", ".join(["%s"] * len(content_types))
    # The stored flags (library.search_index) keep the visibility check to one lookup by
    # primary key per match; the items' own rules would be read for the whole library.
    members = "" if signed_in else " AND NOT d.members_only"
    sql = (
        f"SELECT d.item_id AS id, {_LINKS}, "
        f"bm25({fts}, 0, {BODY_WEIGHT}, {TITLE_WEIGHT}) AS score "
        f"FROM {fts} f JOIN {table} e ON e.id = f.rowid "
        "JOIN library_searchdocument d ON d.item_id = CAST(e.object_id AS INTEGER) "
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({marks}) AND d.live{members}"
    )
    return Hits(sql, [_match_expression(words, operator), *content_types])


def _postgres_hits(words: list[str], operator: str, *, signed_in: bool) -> Hits:
    # Every word: plainto_tsquery, as the bare query does. Any word: websearch_to_tsquery
    # joins them with "or" (the words are letters and digits only, so no other syntax reaches
    # it). A query of stop words only is empty and matches nothing.
    function = "plainto_tsquery" if operator == "and" else "websearch_to_tsquery"
    text = " ".join(words) if operator == "and" else " or ".join(words)
    members = "" if signed_in else " AND NOT d.members_only"
    sql = (
        f"SELECT d.item_id AS id, {_LINKS}, -ts_rank(d.vector, q.query) AS score "
        f"FROM library_searchdocument d, {function}(%s::regconfig, %s) AS q(query) "
        f"WHERE d.vector @@ q.query AND d.live{members}"
    )
    return Hits(sql, [search_config(), text])


def hits(words: list[str], operator: str, *, signed_in: bool) -> Hits | None:
    """The matches of these plain words (``operator`` "and" or "or") on this database's own
    index, or None when Wagtail search must rank them (``wagtail_ranked_ids``)."""
    if not words:
        return None
    backend = _backend_name()
    if connection.vendor == "sqlite" and backend == "SQLiteSearchBackend":
        return _fts5_hits(words, operator, signed_in=signed_in)
    if connection.vendor == "postgresql" and backend == "PostgresSearchBackend":
        return _postgres_hits(words, operator, signed_in=signed_in)
    return None


def wagtail_ranked_ids(qs: Any, query: str, *, operator: str, limit: int) -> list[int]:
    """Ids of ``qs`` matching the plain words of ``query``, best first, by Wagtail search."""
    return [item.pk for item in qs.search(query, operator=operator)[:limit]]
