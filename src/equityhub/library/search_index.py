"""The library's own search rows: one per item, its visibility flags and (PostgreSQL) its words.

Wagtail's database search keeps its vectors in a generic table keyed by a text copy of each
object's id, in two columns (title and body) that cannot be matched together through one GIN
index, so a common word cost a scan of every entry and a join through a cast for each match
(docs/operations/scaling.md). Here each item has one row holding the two flags that decide who
may see it (``live``, ``members_only``), so that ranking the matches a reader may see needs no
join with the page tables, and on PostgreSQL its words: one ``tsvector`` (title weighted "A",
every other search field "B", in the search backend's text-search configuration) under a GIN
index. SQLite ranks with Wagtail's FTS5 table and keeps only the flags here (``vector`` empty).
The flags are copies: ``library.matches`` checks every match it returns against the items' own
visibility rules again.

Rows are written whenever a page is saved (publishing and unpublishing save the page) from what
the database then holds, never from the object in memory, which may carry an unpublished draft;
deleting an item deletes its row.
"""

from __future__ import annotations

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
# Parameters per row: item id, live, members_only, then (config, text) for title and for body.
UPSERT_SQL = f"""
    INSERT INTO library_searchdocument (item_id, live, members_only, vector)
    VALUES (%s, %s, %s,
        setweight(to_tsvector(%s::regconfig, %s), '{TITLE_WEIGHT}')
        || setweight(to_tsvector(%s::regconfig, %s), '{BODY_WEIGHT}'))
    ON CONFLICT (item_id) DO UPDATE SET
        live = EXCLUDED.live, members_only = EXCLUDED.members_only, vector = EXCLUDED.vector
"""
FLAGS_SQL = """
    INSERT INTO library_searchdocument (item_id, live, members_only, vector)
    VALUES (%s, %s, %s, NULL)
    ON CONFLICT (item_id) DO UPDATE SET live = excluded.live, members_only = excluded.members_only
"""


class SearchDocument(models.Model):
    """One library item's visibility flags and (PostgreSQL) words, for ranking matches."""

    item = models.OneToOneField(
        "library.LibraryItem",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorField(null=True)
    live = models.BooleanField(default=False)
    members_only = models.BooleanField(default=True)

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


def write_search_documents(items: Iterable[LibraryItem]) -> None:
    """Store the rows of these items (specific objects, as read from the database)."""
    if not stores_words():
        _write_flags([(item.pk, item.live, item.members_only) for item in items])
        return
    config = search_config()
    rows: list[tuple[int, bool, bool, str, str, str, str]] = []
    for item in items:
        title, body = item_texts(item)
        rows.append((item.pk, item.live, item.members_only, config, title, config, body))
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(UPSERT_SQL, rows)


def _write_flags(rows: list[tuple[int, bool, bool]]) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(FLAGS_SQL, rows)


def refresh_search_documents(ids: Iterable[int]) -> None:
    """Rewrite the rows of these items from the database (ids that are not items are ignored)."""
    from equityhub.library.models import LibraryItem

    chosen = LibraryItem.objects.filter(pk__in=list(ids))
    if stores_words():
        write_search_documents(chosen.specific())
    else:  # the flags only: no need for each item's own class
        _write_flags(list(chosen.values_list("pk", "live", "members_only")))


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
