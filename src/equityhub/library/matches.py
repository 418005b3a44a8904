"""What a search found, in one statement: the matched ids in order and every facet's counts.

The matches (at most ``limit``: ranked ones from ``library.ranking``, or ids ordered beforehand
— the newest items when there are no words, Wagtail search's with OpenSearch) are selected
once, kept only when the items' own visibility rules let the reader see them — which checks
again the stored visibility flags the ranking relied on — and then counted by kind, level,
geography, each date bucket, topic and audience over that same set. Kind, level, geography and
dates are read from the items' own rows, which checking their visibility reads anyway; the ids
of their topics and audiences come with the ranked matches from their search rows
(``library.search_index``), which the ranking reads anyway, where looking up every link of each
match cost as much as the rest of the counting. Everything comes back as rows of (part, value,
number) from one ``UNION ALL``: one round trip, one pass over the matches, rather than a query
for the ranking and more for the counts.

The date buckets are the filters' own rules (boolean expressions), so a count is always what
choosing that filter finds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, Func, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler

from equityhub.library.models import LibraryItem
from equityhub.library.ranking import Hits, SqlParam

FIELD_FACETS = ("kind", "level", "geography")
ID_PART = "id"


@dataclass(frozen=True)
class Matches:
    ids: list[int]
    counts: dict[str, Counter[str]]


@dataclass(frozen=True)
class Counting:
    """What to count: yes/no expressions named ``facet:value`` (the date buckets), and facets
    over many-to-many relations of the item (facet name: relation name, whose ids the search
    row keeps), counted by slug."""

    buckets: Mapping[str, Expression]
    relations: Mapping[str, str]


def _among(column: str, cte: str) -> str:
    """``column`` is one of the ids in the ``item`` column of a CTE. On PostgreSQL as an array,
    so that each id is looked up by index: a join would let the planner, which cannot know the
    CTE holds at most a thousand rows, read and hash the whole page table instead (25 ms of a
    50 ms search in 100,000 resources)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(ARRAY(SELECT item FROM {cte}))"
    return f"{column} IN (SELECT item FROM {cte})"


class AmongMatched(Func):
    """A queryset filter: the row's primary key is among the matched ids (``_among``)."""

    output_field = BooleanField()

    def __init__(self) -> None:
        super().__init__(F("pk"))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[str | int, ...]]:
        column, params = compiler.compile(self.get_source_expressions()[0])
        return _among(column, "matched"), tuple(params)


def _sql(qs: QuerySet[Any]) -> tuple[str, list[SqlParam]]:
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def _ids(relation: str) -> str:
    """The column of the counting statement holding the ids of a relation's other side."""
    return f"{relation}_ids"


def _related_table(relation: str) -> str:
    field: Any = LibraryItem._meta.get_field(relation)
    return str(field.related_model._meta.db_table)


def _each_id(column: str) -> str:
    """A table of the ids in a search row's JSON list, one per row, in a column ``value``."""
    if connection.vendor == "postgresql":
        return f"jsonb_array_elements_text({column}) AS t(value)"
    return f"json_each({column}) AS t"


def _statement(matched: str, facts: str, buckets: Sequence[str], facets: Mapping[str, str]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(f"f.{quote(name)}" for name in (*FIELD_FACETS, *buckets))
    columns += "".join(f", m.{_ids(relation)}" for relation in facets.values())
    parts = [f"SELECT '{ID_PART}' AS part, CAST(item AS TEXT) AS value, position AS n FROM facts"]
    parts += [
        f"SELECT '{name}', {name}, COUNT(*) FROM facts GROUP BY {name}" for name in FIELD_FACETS
    ]
    parts += [
        f"SELECT '{name}', '', SUM(CASE WHEN {quote(name)} THEN 1 ELSE 0 END) FROM facts"
        for name in buckets
    ]
    for facet, relation in facets.items():
        # Counted by id first, then named: one lookup per topic or audience, not per link.
        parts.append(
            f"SELECT '{facet}', o.slug, c.n FROM (SELECT CAST(t.value AS INTEGER) AS other, "
            f"COUNT(*) AS n FROM facts, {_each_id('facts.' + quote(_ids(relation)))} "
            f"GROUP BY CAST(t.value AS INTEGER)) c JOIN {quote(_related_table(relation))} o "
            "ON o.id = c.other"
        )
    return (
        f"WITH matched AS ({matched}), "
        f"facts AS (SELECT m.item, m.position, {columns} FROM matched m "
        f"JOIN ({facts}) f ON f.item = m.item) " + " UNION ALL ".join(parts)
    )


def _run(
    matched: tuple[str, list[SqlParam]], visible: QuerySet[Any], counting: Counting
) -> Matches:
    buckets = counting.buckets
    # The matches the items' own rules let the reader see, with their own fields (the ids of
    # their topics and audiences come with the matches, from their search rows).
    among = visible.filter(AmongMatched()).order_by()
    facts = among.annotate(**buckets).values(*FIELD_FACETS, *buckets, item=F("pk"))
    facts_sql, facts_params = _sql(facts)
    sql = _statement(matched[0], facts_sql, list(buckets), counting.relations)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched[1], *facts_params])
        rows = cursor.fetchall()
    positions: list[tuple[int, int]] = []
    counts: dict[str, Counter[str]] = {}
    for part, value, number in rows:
        if part == ID_PART:
            positions.append((int(number), int(value)))
        elif number:
            name, _, bucket = part.partition(":")
            counts.setdefault(name, Counter())[bucket or str(value)] += int(number)
    return Matches([item for _, item in sorted(positions)], counts)


def ranked(
    found: Hits,
    allowed: QuerySet[Any] | None,
    visible: QuerySet[Any],
    *,
    limit: int,
    counting: Counting,
) -> Matches:
    """The best ``limit`` matches among ``allowed`` (None: every match the ranking selected)."""
    where, params = "", list(found.params)
    if allowed is not None:
        allowed_sql, allowed_params = _sql(allowed.order_by().values("pk"))
        where = f" WHERE hits.id IN ({allowed_sql})"
        params += allowed_params
    # The ranking read each match's search row: its topic and audience ids come along, so
    # counting them looks up no row again.
    relations = counting.relations.values()
    inner = "".join(f", hits.{name}" for name in relations)
    outer = "".join(f", best.{name} AS {_ids(name)}" for name in relations)
    matched = (
        "SELECT best.id AS item, ROW_NUMBER() OVER (ORDER BY best.score, best.id) AS position"
        f"{outer} FROM (SELECT hits.id, hits.score{inner} FROM ({found.sql}) hits{where} "
        "ORDER BY hits.score, hits.id LIMIT %s) best"
    )
    return _run((matched, [*params, limit]), visible, counting)


def in_order(
    ordered: QuerySet[Any],
    visible: QuerySet[Any],
    *,
    limit: int,
    counting: Counting,
) -> Matches:
    """The first ``limit`` items of an ordered queryset (browsing with filters, no words).

    The ids are read first: numbering them in the counting statement would sort every item
    the reader may see instead of keeping the first ``limit``."""
    ids = list(ordered.values_list("pk", flat=True)[:limit])
    return of_ids(ids, visible, counting=counting)


def of_ids(
    ids: list[int],
    visible: QuerySet[Any],
    *,
    counting: Counting,
) -> Matches:
    """Counts for ids ordered elsewhere (Wagtail search, or newest first), keeping their order."""
    if not ids:  # no SQL can be built for "among no ids"
        return Matches([], {})
    links = {_ids(name): F(f"search_document__{name}") for name in counting.relations.values()}
    chosen = LibraryItem.objects.filter(pk__in=ids).annotate(position=Value(0), **links)
    found = _run(_sql(chosen.values("position", *links, item=F("pk"))), visible, counting)
    kept = set(found.ids)
    return Matches([pk for pk in ids if pk in kept], found.counts)
