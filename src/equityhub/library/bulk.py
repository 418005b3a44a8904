"""Adding many published resources at once, without saving one Wagtail page at a time.

Used by the search benchmark (100,000 resources) and usable for a very large import. Wagtail
pages are a treebeard materialised-path tree spread over three tables (page, library item,
resource), which Django's ``bulk_create`` refuses for multi-table inheritance. So, per batch:
the tree paths and depths are numbered after the index page's last child, the page rows are
bulk-created, the library item and resource rows are inserted with ``executemany``, topics and
audiences are bulk-created in their link tables, the index page's child count is raised once,
and the search index entries are written through the search backend's own bulk path
(``add_bulk``). Nothing here runs Wagtail's per-page signals, revisions or workflows: the pages
are published as given, with no revision history.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from equityhub.library.models import LibraryIndexPage, LibraryItem, Resource
from equityhub.library.pages import ensure_library_index

BATCH_SIZE = 2000


@dataclass
class NewResource:
    """One resource to add: its fields, and topics and audiences by primary key."""

    fields: dict[str, Any]
    topic_ids: Sequence[int] = field(default_factory=tuple)
    audience_ids: Sequence[int] = field(default_factory=tuple)


def _insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT the model's own table columns for each object (the parent tables come first)."""
    fields = list(model._meta.local_concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _next_position(index: LibraryIndexPage) -> int:
    last = index.get_last_child()
    return last._get_lastpos_in_path() + 1 if last is not None else 1


def _prepare(index: LibraryIndexPage, batch: Sequence[NewResource], start: int) -> list[Resource]:
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Resource)
    depth = index.depth + 1
    resources = []
    for offset, new in enumerate(batch):
        resource = Resource(**new.fields)
        resource.path = Page._get_path(index.path, depth, start + offset)
        resource.depth = depth
        resource.numchild = 0
        resource.draft_title = resource.title
        resource.url_path = f"{index.url_path}{resource.slug}/"
        resource.content_type = content_type
        resource.locale_id = index.locale_id
        resource.translation_key = uuid.uuid4()
        resource.live = True
        resource.has_unpublished_changes = False
        resource.first_published_at = resource.first_published_at or now
        resource.last_published_at = resource.first_published_at
        resources.append(resource)
    return resources


def _add_links(resources: Sequence[Resource], batch: Sequence[NewResource]) -> None:
    topic_link: Any = LibraryItem.topics.through
    audience_link: Any = LibraryItem.audiences.through
    topic_link.objects.bulk_create(
        topic_link(libraryitem_id=r.pk, topic_id=t)
        for r, new in zip(resources, batch, strict=True)
        for t in new.topic_ids
    )
    audience_link.objects.bulk_create(
        audience_link(libraryitem_id=r.pk, audience_id=a)
        for r, new in zip(resources, batch, strict=True)
        for a in new.audience_ids
    )


@transaction.atomic
def _add_batch(index: LibraryIndexPage, batch: Sequence[NewResource]) -> list[int]:
    resources = _prepare(index, batch, _next_position(index))
    page_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    pages = Page.objects.bulk_create(
        [Page(**{name: getattr(r, name) for name in page_fields}) for r in resources]
    )
    for resource, page in zip(resources, pages, strict=True):
        resource.id = resource.page_ptr_id = resource.libraryitem_ptr_id = page.pk
    _insert_rows(LibraryItem, resources)
    _insert_rows(Resource, resources)
    _add_links(resources, batch)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(resources))
    ids = [r.pk for r in resources]
    get_search_backend().add_bulk(Resource, list(Resource.objects.filter(pk__in=ids)))
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
