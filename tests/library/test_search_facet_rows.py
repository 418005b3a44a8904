"""The topic and audience counts come from the search rows' copies of each item's links: the
copies follow every way the links change, and an item a reader may not see is never counted,
whatever its row says."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.http import QueryDict

from equityhub.library import search
from equityhub.library.search_index import SearchDocument
from equityhub.library.taxonomy import Audience, Topic

pytestmark = pytest.mark.django_db


def _counts(query: str, user: Any = None) -> dict[str, Counter[str]]:
    outcome = search.find(QueryDict(query), user)
    return {f.name: Counter({o.value: o.count for o in f.options}) for f in outcome.facets}


def _slugs(model: Any, n: int) -> list[str]:
    return list(model.objects.order_by("pk").values_list("slug", flat=True)[:n])


def test_counts_follow_a_published_change_of_topics_and_audiences(
    make_item: Any, filler: Any
) -> None:
    first, second = _slugs(Topic, 2)
    (audience,) = _slugs(Audience, 1)
    item = make_item(title="Wombat burrow survey", topics=(first,))
    assert _counts("q=wombat")["topic"] == Counter({first: 1})
    assert not _counts("q=wombat")["audience"]

    item.topics.set(Topic.objects.filter(slug=second))
    item.audiences.set(Audience.objects.filter(slug=audience))
    item.save_revision()  # a draft: readers still see the published links
    assert _counts("q=wombat")["topic"] == Counter({first: 1})
    item.save_revision().publish()
    counts = _counts("q=wombat")
    assert counts["topic"] == Counter({second: 1})
    assert counts["audience"] == Counter({audience: 1})
    chosen = search.find(QueryDict(f"q=wombat&topic={second}"), None)
    assert chosen.total == counts["topic"][second]


def test_counts_follow_links_changed_from_the_topic_side(make_item: Any, filler: Any) -> None:
    first, second = _slugs(Topic, 2)
    items = [make_item(title=f"Wombat note {n}", topics=(first,)) for n in range(3)]
    topic = Topic.objects.get(slug=second)
    topic.items.add(items[0], items[1])
    assert _counts("q=wombat")["topic"] == Counter({first: 3, second: 2})
    topic.items.remove(items[0])
    assert _counts("q=wombat")["topic"] == Counter({first: 3, second: 1})
    Topic.objects.get(slug=first).items.clear()
    assert _counts("q=wombat")["topic"] == Counter({second: 1})
    topic.delete()
    assert not _counts("q=wombat")["topic"]


def test_unpublished_or_private_items_are_not_counted(
    make_item: Any, filler: Any, personas: dict[str, Any]
) -> None:
    (first,) = _slugs(Topic, 1)
    (audience,) = _slugs(Audience, 1)
    shown = make_item(title="Wombat guide", topics=(first,), audiences=(audience,))
    hidden = make_item(title="Wombat diary", topics=(first,), audiences=(audience,))
    assert _counts("q=wombat")["topic"] == Counter({first: 2})

    hidden.unpublish()
    counts = _counts("q=wombat", personas["member"])
    assert counts["topic"] == Counter({first: 1}) and counts["audience"] == Counter({audience: 1})

    hidden.get_latest_revision().publish()
    hidden.refresh_from_db()
    hidden.members_only = True
    hidden.save_revision().publish()
    anonymous = _counts("q=wombat")
    assert anonymous["topic"] == Counter({first: 1}) and sum(anonymous["kind"].values()) == 1
    assert _counts("q=wombat", personas["member"])["topic"] == Counter({first: 2})
    assert search.find(QueryDict("q=wombat"), None).ids == [shown.pk]


def test_a_stale_row_never_counts_a_hidden_item(make_item: Any, filler: Any) -> None:
    """The links are read from the rows, but whether an item is counted at all is decided by
    the items' own rules, as the ranking's flags are checked again."""
    (first,) = _slugs(Topic, 1)
    shown = make_item(title="Wombat guide", topics=(first,))
    draft = make_item(title="Wombat draft", topics=(first,), live=False)
    private = make_item(title="Wombat private", topics=(first,), members_only=True)
    SearchDocument.objects.filter(item_id__in=[draft.pk, private.pk]).update(
        live=True, members_only=False
    )
    outcome = search.find(QueryDict("q=wombat"), None)
    assert outcome.ids == [shown.pk]
    counts = {f.name: {o.value: o.count for o in f.options} for f in outcome.facets}
    assert counts["topic"] == {first: 1}


def test_rows_hold_the_links_in_order(make_item: Any) -> None:
    topics = list(Topic.objects.order_by("pk")[:3])
    item = make_item(title="Wombat", topics=tuple(t.slug for t in reversed(topics)))
    row = SearchDocument.objects.get(item_id=item.pk)
    assert row.topics == [t.pk for t in topics] and row.audiences == []
