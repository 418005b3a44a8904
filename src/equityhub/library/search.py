"""Finding library items: full-text search, filters, facets and help when nothing matches.

Every word must match first; any word when that finds nothing. Each database ranks with its
own full-text index (``library.ranking``: FTS5 on SQLite, the library's stored vectors on
PostgreSQL) and one statement returns the best matches with every facet's counts
(``library.matches``); with OpenSearch, Wagtail search ranks and the counts follow. Filters are
ordinary queries, so a facet's count is what choosing it finds. At most ``MAX_MATCHES`` are
kept and counted; the page of 20 is loaded afterwards (``shown_items``).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from equityhub.library import matches, ranking
from equityhub.library.forms import FRESHNESS_CHOICES, PUBLISHED_CHOICES, SearchForm
from equityhub.library.models import Geography, Kind, Level, LibraryItem
from equityhub.library.querysets import reads_members_only

MAX_MATCHES = 1000
FACETS = ("kind", "topic", "audience", "level", "geography", "published", "freshness")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    multiple: bool
    options: tuple[FacetOption, ...]


@dataclass
class SearchOutcome:
    values: dict[str, Any]
    ids: list[int]
    facets: list[Facet]
    broadened: bool = False
    capped: bool = False
    active_filters: list[tuple[str, str]] = field(default_factory=list)
    closest: list[LibraryItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.ids)


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _published_q(value: str) -> Q:
    if value == "2y":
        return Q(publication_date__gte=_years_ago(2))
    if value == "5y":
        return Q(publication_date__gte=_years_ago(5))
    return Q(publication_date__lt=_years_ago(5))


def _freshness_q(value: str) -> Q:
    today = timezone.localdate()
    if value == "overdue":
        return Q(next_review_date__lt=today)
    return Q(next_review_date__gte=today)


def filtered(base: QuerySet[Any], values: dict[str, Any]) -> QuerySet[Any]:
    """Apply the URL's filters with ordinary queries (topics and audiences are many-to-many)."""
    qs = base
    if values["kind"]:
        qs = qs.filter(kind__in=values["kind"])
    for name in ("level", "geography"):
        if values.get(name):
            qs = qs.filter(**{name: values[name]})
    if values.get("published"):
        qs = qs.filter(_published_q(values["published"]))
    if values.get("freshness"):
        qs = qs.filter(_freshness_q(values["freshness"]))
    for name, relation in (("topic", "topics"), ("audience", "audiences")):
        if values[name]:
            chosen = LibraryItem.objects.filter(**{f"{relation}__slug__in": values[name]})
            qs = qs.filter(pk__in=chosen.values("pk"))
    return qs


def plain_words(query: str) -> str:
    """The query's words only: operators and punctuation would reach FTS5 as syntax."""
    words = re.findall(r"\w+", query)
    return " ".join(w for w in words if w.upper() not in {"AND", "OR", "NOT", "NEAR"})


def _newest_first(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.order_by(F("publication_date").desc(nulls_last=True), "-first_published_at", "pk")


def _options(
    counts: Counter[str], choices: list[tuple[str, str]], selected: list[str]
) -> tuple[FacetOption, ...]:
    return tuple(
        FacetOption(value, str(label), counts.get(value, 0), value in selected)
        for value, label in choices
        if counts.get(value, 0) or value in selected
    )


BUCKETS = {
    "published": (PUBLISHED_CHOICES, _published_q),
    "freshness": (FRESHNESS_CHOICES, _freshness_q),
}


def _bucket_rules() -> dict[str, ExpressionWrapper]:
    """One yes/no expression per date bucket, from the filters' own rules."""
    return {
        f"{name}:{value}": ExpressionWrapper(rule(value), output_field=BooleanField())
        for name, (choices, rule) in BUCKETS.items()
        for value, _ in choices
    }


RELATIONS = {"topic": "topics", "audience": "audiences"}


def _matches(
    values: dict[str, Any], visible: QuerySet[Any], narrowed: QuerySet[Any], user: Any
) -> tuple[matches.Matches, bool]:
    """The matched ids in order with their facet counts, and whether any word was enough."""
    counting = matches.Counting(buckets=_bucket_rules(), relations=RELATIONS)
    if not values["q"]:
        newest = _newest_first(narrowed)
        return matches.in_order(newest, visible, limit=MAX_MATCHES, counting=counting), False
    words = plain_words(values["q"]).split()
    if not words:  # punctuation or operators only: nothing to look for
        return matches.Matches([], {}), False
    has_filters = any(values.get(name) for name in FACETS)
    operators = ["and", "or"] if len(words) > 1 else ["and"]
    found = matches.Matches([], {})
    for operator in operators:
        hits = ranking.hits(words, operator, signed_in=reads_members_only(user))
        if hits is None:  # Wagtail search ranks (OpenSearch)
            searchable = visible.filter(pk__in=narrowed.values("pk"))
            ids = ranking.wagtail_ranked_ids(
                searchable, " ".join(words), operator=operator, limit=MAX_MATCHES
            )
            found = matches.of_ids(ids, visible, counting=counting)
        else:
            allowed = narrowed if has_filters else None
            found = matches.ranked(hits, allowed, visible, limit=MAX_MATCHES, counting=counting)
        if found.ids:
            return found, operator == "or"
    # As before: "broadened" says the any-word search ran, even when it found nothing too.
    return found, len(operators) > 1


def facets(
    counts: dict[str, Counter[str]],
    values: dict[str, Any],
    topics: list[tuple[str, str]],
    audiences: list[tuple[str, str]],
) -> list[Facet]:
    """Counts of each filter value among the matched items (topics and audiences as
    (slug, name), the search form's own choices)."""
    counts = {name: counts.get(name, Counter()) for name in FACETS}

    def single(name: str) -> list[str]:
        return [values[name]] if values.get(name) else []

    return [
        Facet("kind", "Type", True, _options(counts["kind"], Kind.choices, values["kind"])),
        Facet("topic", "Topic", True, _options(counts["topic"], topics, values["topic"])),
        Facet(
            "audience",
            "Professional group",
            True,
            _options(counts["audience"], audiences, values["audience"]),
        ),
        Facet("level", "Level", False, _options(counts["level"], Level.choices, single("level"))),
        Facet(
            "geography",
            "Geography",
            False,
            _options(counts["geography"], Geography.choices, single("geography")),
        ),
        Facet(
            "published",
            "Published",
            False,
            _options(counts["published"], PUBLISHED_CHOICES, single("published")),
        ),
        Facet(
            "freshness",
            "Last reviewed",
            False,
            _options(counts["freshness"], FRESHNESS_CHOICES, single("freshness")),
        ),
    ]


def active_filters(params: QueryDict, facet_list: list[Facet]) -> list[tuple[str, str]]:
    """(label, address without that filter) for each chosen filter: the "remove" links."""
    labels = {(f.name, o.value): f"{f.label}: {o.label}" for f in facet_list for o in f.options}
    removable = []
    for name in FACETS:
        for value in params.getlist(name):
            if (name, value) not in labels:
                continue
            rest = params.copy()
            rest.setlist(name, [v for v in params.getlist(name) if v != value])
            rest.pop("page", None)
            removable.append((labels[(name, value)], "?" + rest.urlencode()))
    return removable


def closest_titles(visible: QuerySet[Any], query: str, *, limit: int = 3) -> list[LibraryItem]:
    """Titles nearest to the query, for a search that found nothing."""
    titles = dict(visible.values_list("title", "pk")[:5000])
    lowered = {title.lower(): title for title in titles}
    near = difflib.get_close_matches(query.lower(), list(lowered), n=limit, cutoff=0.3)
    if not near:
        words = [w for w in query.lower().split() if len(w) > 3]
        near = [t for t in lowered if any(w[:5] in t for w in words)][:limit]
    pks = [titles[lowered[title]] for title in near]
    found = {item.pk: item for item in visible.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


def _choices(form: SearchForm, name: str) -> list[tuple[str, str]]:
    field: Any = form.fields[name]
    return [(str(value), str(label)) for value, label in field.choices]


def find(params: QueryDict, user: Any) -> SearchOutcome:
    form = SearchForm(params)
    values = form.valid_values()
    visible = LibraryItem.objects.visible_to(user)
    narrowed = filtered(visible, values)
    found, broadened = _matches(values, visible, narrowed, user)
    ids = found.ids
    if values["q"] and values["sort"] == "newest":
        ids = list(_newest_first(visible.filter(pk__in=ids)).values_list("pk", flat=True))
    facet_list = facets(found.counts, values, _choices(form, "topic"), _choices(form, "audience"))
    outcome = SearchOutcome(
        values=values,
        ids=ids,
        facets=facet_list,
        broadened=broadened,
        capped=len(ids) >= MAX_MATCHES,
        active_filters=active_filters(params, facet_list),
    )
    if not ids and values["q"]:
        outcome.closest = closest_titles(visible, values["q"])
    return outcome


def shown_items(ids: list[int], user: Any) -> list[LibraryItem]:
    """The page of results shown, in the same order, loaded through the items' own visibility
    rules once more (the counting statement checked them; what is shown never relies on any
    copy of them). Plain library items, one query: the results list uses only what every item
    has, and each one's own class would cost a second query and a heavier object."""
    visible = LibraryItem.objects.visible_to(user).filter(pk__in=ids).order_by()
    found = {item.pk: item for item in visible}
    return [found[pk] for pk in ids if pk in found]


def items_for(ids: list[int]) -> list[Any]:
    """The specific pages for one page of ids, in the same order."""
    found = {item.pk: item for item in LibraryItem.objects.filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]
