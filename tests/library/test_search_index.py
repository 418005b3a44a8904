"""The library's stored search rows follow every change to an item (its words on PostgreSQL,
its visibility flags on both databases), and search finds what the items say now."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from equityhub.library import search
from equityhub.library.search_index import (
    SearchDocument,
    rebuild_search_documents,
    refresh_search_documents,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="words are stored on PostgreSQL only"
)


def _found(query: str, user: Any = None) -> list[str]:
    outcome = search.find(QueryDict(query), user)
    return [item.title for item in search.items_for(outcome.ids)]


def _words(item: Any) -> set[str]:
    """The stemmed words of an item's stored vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(vector)) FROM library_searchdocument "
            "WHERE item_id = %s",
            [item.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def _document(item: Any) -> SearchDocument:
    return SearchDocument.objects.get(item_id=item.pk)


def test_edit_publish_unpublish_and_delete_reach_search(
    make_item: Any, filler: Any, personas: dict[str, Any]
) -> None:
    item = make_item(title="Kangaroo care for newborns", summary="Skin to skin contact.")
    assert _found("q=kangaroo") == ["Kangaroo care for newborns"]

    item.title = "Wallaby care for newborns"
    item.save_revision().publish()
    assert _found("q=wallaby") == ["Wallaby care for newborns"]
    assert _found("q=kangaroo") == []

    # A draft is not what readers see: its words must not be found.
    item.title = "Platypus care for newborns"
    item.save_revision()
    assert _found("q=platypus") == []
    assert _found("q=wallaby") == ["Wallaby care for newborns"]

    item.unpublish()
    assert _found("q=wallaby") == [] and _found("q=wallaby", personas["member"]) == []

    item.get_latest_revision().publish()
    item.refresh_from_db()
    item.members_only = True
    item.save_revision().publish()
    assert _found("q=platypus") == []
    assert _found("q=platypus", personas["member"]) == ["Platypus care for newborns"]

    item.delete()
    assert _found("q=platypus", personas["member"]) == []


def test_stored_flags_follow_the_item(make_item: Any) -> None:
    item = make_item(title="Kangaroo care")
    assert (_document(item).live, _document(item).members_only) == (True, False)
    item.members_only = True
    item.save_revision()  # a draft: the flags stay those of the live page
    assert not _document(item).members_only
    item.save_revision().publish()
    assert _document(item).members_only
    item.unpublish()
    assert not _document(item).live
    draft = make_item(title="Draft", live=False)
    assert not _document(draft).live
    pk = item.pk
    item.delete()
    assert not SearchDocument.objects.filter(item_id=pk).exists()


@postgres_only
def test_stored_words_follow_the_item(make_item: Any) -> None:
    item = make_item(title="Kangaroo care", summary="Skin to skin contact.", publisher="Kings Fund")
    assert {"kangaroo", "skin", "contact", "king", "fund"} <= _words(item)

    item.title = "Wallaby care"
    item.save_revision()  # a draft: the stored words stay those of the live page
    assert "kangaroo" in _words(item) and "wallabi" not in _words(item)
    item.save_revision().publish()
    assert "wallabi" in _words(item) and "kangaroo" not in _words(item)

    item.unpublish()
    assert not _document(item).live
    item.get_latest_revision().publish()
    assert _document(item).live

    pk = item.pk
    item.delete()
    assert not SearchDocument.objects.filter(item_id=pk).exists()


@postgres_only
def test_case_study_and_pathway_fields_are_stored(make_item: Any) -> None:
    case = make_item("case", title="Outreach", problem="Missed appointments in Tower Hamlets")
    pathway = make_item("pathway", title="Start here", introduction="Begin with governance")
    assert {"miss", "appoint", "tower", "hamlet"} <= _words(case)
    assert "govern" in _words(pathway)


def test_stale_flags_never_show_a_draft_or_private_item(make_item: Any, filler: Any) -> None:
    """The ranking trusts the stored flags; the statement checks the items' own rules again."""
    draft = make_item(title="Quokka draft note", live=False)
    private = make_item(title="Quokka members note", members_only=True)
    SearchDocument.objects.filter(item_id__in=[draft.pk, private.pk]).update(
        live=True, members_only=False
    )
    outcome = search.find(QueryDict("q=quokka"), None)
    assert outcome.ids == [] and outcome.total == 0
    assert all(option.count == 0 for facet in outcome.facets for option in facet.options)


def test_rebuild_and_refresh(make_item: Any) -> None:
    items = [make_item(title=f"Numbat study {n}") for n in range(3)]
    SearchDocument.objects.all().delete()
    assert _found("q=numbat") == []
    refresh_search_documents([items[0].pk, 999_999])
    assert _found("q=numbat") == ["Numbat study 0"]
    assert rebuild_search_documents(batch_size=2) == 3
    assert sorted(_found("q=numbat")) == [f"Numbat study {n}" for n in range(3)]
    SearchDocument.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_library_search", stdout=out)
    assert "rows written: 3" in out.getvalue()
    assert len(_found("q=numbat")) == 3


def test_no_words_are_stored_on_sqlite(make_item: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite ranks with FTS5")
    item = make_item(title="Kangaroo care")
    assert _document(item).vector is None


def test_backups_leave_the_rows_out_to_rebuild_them() -> None:
    from equityhub.core.backup import archive as backup

    assert "library.searchdocument" in backup._excluded()
    assert SearchDocument not in backup._counted_models()
