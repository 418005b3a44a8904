"""The library's own search rows: one per item, its visibility flags and (PostgreSQL) its words.

Wagtail's database search keeps its vectors in a generic table keyed by a text copy of each
object's id, in two columns (title and body) that cannot be matched together through one GIN
index, so a common word cost a scan of every entry and a join through a cast for each match
(docs/operations/scaling.md). Here each item has one row holding the two flags that decide who
may see it (``live``, ``members_only``), so that ranking the matches a reader may see needs no
join with the page tables, and on PostgreSQL its words: one ``tsvector`` (title weighted "A",
every other search field "B", in the search backend's text-search configuration) under a GIN
index. SQLite ranks with Wagtail's FTS5 table and keeps only the flags here (``vector`` empty).
The row also keeps the ids of the item's topics and audiences, so that counting those facets
over the best thousand matches reads one row per match rather than every link of each (the
other facets' fields are read from the item's own row, which checking its visibility reads
anyway). The flags are copies: ``library.matches`` checks every match it counts against the
items' own visibility rules again.

Rows are written whenever a page is saved (publishing and unpublishing save the page), and
whenever an item's topics or audiences change (Wagtail writes those after saving the page),
from what the database then holds, never from the object in memory, which may carry an
unpublished draft; deleting an item deletes its row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models

if TYPE_CHECKING:
    from equityhub.library.models import LibraryItem

TITLE_WEIGHT = "A"
BODY_WEIGHT = "B"
DEFAULT_CONFIG = "english"
# Copied from the item's own row, in this order, after its id.
ITEM_COLUMNS = ("live", "members_only")
LINK_COLUMNS = ("topics", "audiences")
_COLUMNS = ("item_id", *ITEM_COLUMNS, *LINK_COLUMNS)
_UPDATE = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS[1:])
# Parameters per row: the columns above, then (config, text) for the title and for the body.
_MARKS = ", ".join(["%s"] * (1 + len(ITEM_COLUMNS)) + ["%s::jsonb"] * len(LINK_COLUMNS))
UPSERT_SQL = f"""
    INSERT INTO library_searchdocument ({", ".join(_COLUMNS)}, vector)
    VALUES ({_MARKS},
        setweight(to_tsvector(%s::regconfig, %s), '{TITLE_WEIGHT}')
        || setweight(to_tsvector(%s::regconfig, %s), '{BODY_WEIGHT}'))
    ON CONFLICT (item_id) DO UPDATE SET {_UPDATE}, vector = excluded.vector
"""
FIELDS_SQL = f"""
    INSERT INTO library_searchdocument ({", ".join(_COLUMNS)}, vector)
    VALUES ({", ".join(["%s"] * len(_COLUMNS))}, NULL)
    ON CONFLICT (item_id) DO UPDATE SET {_UPDATE}
"""
# A row's stored values: the columns above, lists of ids as JSON text.
Row = tuple[int | bool | str | None, ...]


class SearchDocument(models.Model):
    """One library item's visibility flags, topic and audience ids and (PostgreSQL) words."""

    item = models.OneToOneField(
        "library.LibraryItem",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField(null=True)
    live = models.BooleanField(default=False)
    members_only = models.BooleanField(default=True)
    # Primary keys of the item's topics and audiences, in order (named when counted).
    topics = models.JSONField(default=list)
    audiences = models.JSONField(default=list)

    class Meta:
        verbose_name = "library search document"

    def __str__(self) -> str:
        return f"Search document of item {self.pk}"


def stores_words() -> bool:
    return connection.vendor == "postgresql"


def search_config() -> str:
    """The text-search configuration of Wagtail's database backend, so both stem alike."""
    backend: dict[str, Any] = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    return str(backend.get("SEARCH_CONFIG") or DEFAULT_CONFIG)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_text(part) for part in value)
    return str(value)


def item_texts(item: LibraryItem) -> tuple[str, str]:
    """(title, everything else) from the item's own search fields, as Wagtail indexes them."""
    from wagtail.search import index

    title: list[str] = []
    body: list[str] = []
    for field in item.get_search_fields():
        if isinstance(field, index.SearchField):
            text = _text(field.get_value(item)).strip()
            (title if field.field_name == "title" else body).append(text)
    return " ".join(t for t in title if t), " ".join(t for t in body if t)


def _linked(relation: str, ids: list[int]) -> dict[int, list[int]]:
    """The other side's ids of each item's links (``topics`` or ``audiences``), in order."""
    from equityhub.library.models import LibraryItem

    field: Any = LibraryItem._meta.get_field(relation)
    through = field.remote_field.through
    other = field.m2m_reverse_field_name() + "_id"
    links: dict[int, list[int]] = {}
    rows = through.objects.filter(libraryitem_id__in=ids).order_by("libraryitem_id", other)
    for item, linked in rows.values_list("libraryitem_id", other):
        links.setdefault(item, []).append(linked)
    return links


def stored_rows(ids: list[int]) -> dict[int, Row]:
    """Each item's row as the database holds it now (ids that are not items are left out)."""
    from equityhub.library.models import LibraryItem

    items = LibraryItem.objects.filter(pk__in=ids).values_list("pk", *ITEM_COLUMNS)
    links = [_linked(relation, ids) for relation in LINK_COLUMNS]
    return {
        row[0]: (*row, *(json.dumps(linked.get(row[0], [])) for linked in links)) for row in items
    }


def write_search_documents(items: Iterable[LibraryItem]) -> None:
    """Store the rows of these items (specific objects, as read from the database)."""
    chosen = list(items)
    rows = stored_rows([item.pk for item in chosen])
    if not stores_words():
        _execute(FIELDS_SQL, list(rows.values()))
        return
    config = search_config()
    upserts: list[Row] = []
    for item in chosen:
        if item.pk in rows:
            title, body = item_texts(item)
            upserts.append((*rows[item.pk], config, title, config, body))
    _execute(UPSERT_SQL, upserts)


def _execute(sql: str, rows: list[Row]) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def refresh_search_documents(ids: Iterable[int]) -> None:
    """Rewrite the rows of these items from the database (ids that are not items are ignored)."""
    from equityhub.library.models import LibraryItem

    wanted = list(ids)
    if stores_words():
        write_search_documents(LibraryItem.objects.filter(pk__in=wanted).specific())
    else:  # no words: no need for each item's own class
        _execute(FIELDS_SQL, list(stored_rows(wanted).values()))


def rebuild_search_documents(*, batch_size: int = 500) -> int:
    """Rewrite every item's row (after a restore, or a change of search fields); returns how
    many were written."""
    from equityhub.library.models import LibraryItem

    ids = list(LibraryItem.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        refresh_search_documents(ids[start : start + batch_size])
    return len(ids)


def page_saved(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``post_save`` receiver for every page: an item's row follows what was saved."""
    from wagtail.models import Page

    from equityhub.library.models import LibraryItem

    if kwargs.get("raw") or not isinstance(instance, Page):
        return
    # A library item may be saved as a plain Page (Wagtail's tree operations do): its class
    # comes from its content type.
    specific = instance.specific_class
    if specific is not None and issubclass(specific, LibraryItem):
        refresh_search_documents([instance.pk])


def links_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """``m2m_changed`` receiver for items' topics and audiences: the rows of the items whose
    links changed follow (Wagtail saves an item's links after the page, so ``page_saved`` saw
    the old ones)."""
    if reverse and action == "pre_clear":  # a topic or audience loses every item: which ones
        linked: Any = instance  # a Topic or an Audience: both name their items "items"
        setattr(instance, _CLEARED, list(linked.items.values_list("pk", flat=True)))
    elif not action.startswith("post_"):
        return
    elif not reverse:
        refresh_search_documents([instance.pk])
    elif action == "post_clear":
        refresh_search_documents(getattr(instance, _CLEARED, []))
    elif pk_set:
        refresh_search_documents(pk_set)


_CLEARED = "_search_items_before_clear"
