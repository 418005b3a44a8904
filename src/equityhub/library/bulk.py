"""Adding many published resources at once, without saving one Wagtail page at a time.

Used by the search benchmark (100,000 resources) and usable for a very large import. Wagtail
pages are a treebeard materialised-path tree spread over three tables (page, library item,
resource), which Django's ``bulk_create`` refuses for multi-table inheritance. So, per batch,
from plain rows (no model objects, which cost more than the inserts): page ids follow the
highest one (the page table is locked on PostgreSQL, and its sequence reset after), tree paths
are numbered after the index page's last child, the three tables' rows and the topic and
audience links are inserted with ``executemany``, the index page's child count is raised once,
and the search index entries are written through the search backend's own bulk path
(``add_bulk``), then the library's own search rows (``search_index``). Meant for loading, not
for a busy site. Nothing here runs Wagtail's per-page signals, revisions or workflows: the
pages are published as given, with no revision history.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from equityhub.library.models import LibraryIndexPage, LibraryItem, Resource
from equityhub.library.pages import ensure_library_index
from equityhub.library.search_index import write_search_documents

BATCH_SIZE = 2000


@dataclass
class NewResource:
    """One resource to add: its fields, and topics and audiences by primary key."""

    fields: dict[str, Any]
    topic_ids: Sequence[int] = field(default_factory=tuple)
    audience_ids: Sequence[int] = field(default_factory=tuple)


def _insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT the model's own table columns for each row (defaults for what a row lacks)."""
    fields = list(model._meta.local_concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    values = [
        [
            f.get_db_prep_save(row[f.attname] if f.attname in row else f.get_default(), connection)
            for f in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _insert_links(table: str, column: str, pairs: list[tuple[int, int]]) -> None:
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(table)} (libraryitem_id, {quote(column)}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, pairs)


def _next_position(index: LibraryIndexPage) -> int:
    last = index.get_last_child()
    return last._get_lastpos_in_path() + 1 if last is not None else 1


def _next_page_id() -> int:
    """Ids are given here, so that rows need no model objects; the sequence is reset after."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Page._meta.db_table} IN EXCLUSIVE MODE")
    return (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _rows(index: LibraryIndexPage, batch: Sequence[NewResource]) -> list[dict[str, Any]]:
    now = timezone.now()
    content_type_id = ContentType.objects.get_for_model(Resource).pk
    depth = index.depth + 1
    first_id, first_position = _next_page_id(), _next_position(index)
    rows = []
    for offset, new in enumerate(batch):
        row = dict(new.fields)
        pk = first_id + offset
        published = row.get("first_published_at") or now
        row.update(
            id=pk,
            page_ptr_id=pk,
            libraryitem_ptr_id=pk,
            path=Page._get_path(index.path, depth, first_position + offset),
            depth=depth,
            numchild=0,
            draft_title=row["title"],
            url_path=f"{index.url_path}{row['slug']}/",
            content_type_id=content_type_id,
            locale_id=index.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
        )
        rows.append(row)
    return rows


@transaction.atomic
def _add_batch(index: LibraryIndexPage, batch: Sequence[NewResource]) -> list[int]:
    rows = _rows(index, batch)
    for model in (Page, LibraryItem, Resource):
        _insert_rows(model, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Page]):
                cursor.execute(sql)
    ids = [row["id"] for row in rows]
    topics: Any = LibraryItem.topics.through
    audiences: Any = LibraryItem.audiences.through
    pairs = list(zip(ids, batch, strict=True))
    _insert_links(
        topics._meta.db_table, "topic_id", [(i, t) for i, n in pairs for t in n.topic_ids]
    )
    _insert_links(
        audiences._meta.db_table, "audience_id", [(i, a) for i, n in pairs for a in n.audience_ids]
    )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(rows))
    added = list(Resource.objects.filter(pk__in=ids))
    get_search_backend().add_bulk(Resource, added)
    write_search_documents(added)
    return ids


def bulk_add_resources(
    new_resources: Sequence[NewResource], *, batch_size: int = BATCH_SIZE
) -> list[int]:
    """Publish resources under the library index in batches; returns their page ids in order.

    Each entry's ``fields`` must include a ``title`` and a ``slug`` unique in the library.
    """
    index = ensure_library_index()
    ids: list[int] = []
    for start in range(0, len(new_resources), batch_size):
        index.refresh_from_db()
        ids += _add_batch(index, new_resources[start : start + batch_size])
    return ids
