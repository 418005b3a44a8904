"""(e) Library search latency over 100,000 generated resources, on SQLite and PostgreSQL.

Ours: what a reader's search costs — ``library.search.find`` (visibility rules, every word
then any word, facets over the matches) plus loading the first page of 20 results. Baseline:
the bare full-text query on the same database and index — the top 20 ranked entries for the
same words (FTS5 ``MATCH`` ordered by ``bm25`` on Wagtail's index on SQLite; on PostgreSQL
``@@ plainto_tsquery`` ordered by ``ts_rank`` on the library's stored vectors, which search
ranks with since December 2026; before, both used Wagtail's index, whose figures are still
printed to stderr for comparison). Figures are the median and 95th percentile of single-query
latencies; the ratio is ours over the baseline (how many times longer ours takes).

Both are measured twice: by one client asking one query at a time, and by 20 clients asking at
once (``LIBRARY_BENCH_CLIENTS``; each client a process of its own with its own connection,
``benchmarks/_clients.py``), each client running every query twice; the floor is measured the
same way by the same clients, straight after.

Each database gets a fresh dedicated copy: a temporary SQLite file always, and when
``DATABASE_URL`` names a PostgreSQL server, a database called ``<name>_bench`` there (dropped
and created again each run; the database in ``DATABASE_URL`` itself is never touched). Each
runs in its own process, because Django settings are fixed per process. The resources are
bulk-inserted (``library.bulk``), seeded, so every run searches the same library.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._clients import concurrent_latencies
from benchmarks._timing import Entry, count_label, parse_line, sized

# LIBRARY_BENCH_RESOURCES and LIBRARY_BENCH_CLIENTS, when set, win over EQUITYHUB_BENCH_SCALE.
RESOURCES = int(os.environ.get("LIBRARY_BENCH_RESOURCES") or sized(100_000, minimum=100))
CLIENTS = int(os.environ.get("LIBRARY_BENCH_CLIENTS") or sized(20, minimum=2))
REPEATS = 5
CLIENT_ROUNDS = 2
QUERIES = [
    "ethnicity data quality",
    "hypertension",
    "maternity outcomes",
    "digital exclusion",
    "board leadership",
    "smoking cessation deprived",
    "waiting list inclusive",
    "community engagement",
    "core20 respiratory",
    "anchor institution employment",
    "severe mental illness",
    "workforce race equality",
    "oral health children",
    "cancer diagnosis",
    "population health management",
    "interpreter access",
    "homeless inclusion health",
    "carers",
    "learning disability",
    "vaccination uptake",
]
VOCABULARY = sorted(
    {word for query in QUERIES for word in query.split()}
    | {
        "guidance", "evaluation", "framework", "toolkit", "report", "review", "survey",
        "integrated", "care", "system", "place", "neighbourhood", "primary", "acute", "trust",
        "patients", "families", "access", "experience", "equity", "income", "housing",
        "transport", "rural", "coastal", "urban", "language", "disability", "age", "sex",
        "religion", "gypsy", "roma", "traveller", "refugee", "asylum", "prison", "veterans",
        "clinic", "pathway", "referral", "screening", "prevention", "discharge", "pharmacy",
        "dental", "emergency", "elective", "outpatient", "diabetes", "asthma", "epilepsy",
        "obesity", "alcohol", "frailty", "dementia", "stroke", "kidney", "funding", "budget",
    }
)  # fmt: skip


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def _generated(topic_ids: list[int], audience_ids: list[int]) -> list[Any]:
    import datetime

    from equityhub.library.bulk import NewResource
    from equityhub.library.models import Kind, Level

    rng = random.Random(20261128)
    kinds = [k for k in Kind.values if k not in {Kind.CASE_STUDY, Kind.PATHWAY}]
    return [
        NewResource(
            fields={
                "title": f"{_sentence(rng, 5).capitalize()} {n}",
                "slug": f"bench-{n:06d}",
                "summary": _sentence(rng, 30) + ".",
                "publisher": rng.choice(["NHS England", "The King's Fund", "OHID", "ONS"]),
                "kind": rng.choice(kinds),
                "level": rng.choice(Level.values),
                "members_only": rng.random() < 0.1,
                "publication_date": datetime.date(
                    2015 + rng.randrange(11), 1 + rng.randrange(12), 1
                ),
            },
            topic_ids=rng.sample(topic_ids, 2),
            audience_ids=rng.sample(audience_ids, 2),
        )
        for n in range(RESOURCES)
    ]


def _bare_query(*, wagtail_index: bool = False) -> Callable[[str], list[Any]]:
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from equityhub.library.search import plain_words

    table = IndexEntry._meta.db_table
    if connection.vendor == "sqlite":
        sql = (
            f"SELECT e.object_id FROM {table}_fts f JOIN {table} e ON e.id = f.rowid "
            f"WHERE {table}_fts MATCH %s ORDER BY bm25({table}_fts) LIMIT 20"
        )

        def terms(query: str) -> str:
            return " AND ".join(plain_words(query).split())
    elif wagtail_index:
        # The floor before the library had its own vectors: Wagtail's index, body column only,
        # the query function called again for each row's rank. Printed for comparison only.
        sql = (
            f"SELECT object_id FROM {table} "
            "WHERE body @@ plainto_tsquery('english', %s) "
            "ORDER BY ts_rank(body, plainto_tsquery('english', %s)) DESC LIMIT 20"
        )

        def terms(query: str) -> str:
            return plain_words(query)
    else:
        # The same stored vectors the search ranks with (library.search_index), every item,
        # no visibility rule, the query computed once.
        sql = (
            "SELECT d.item_id FROM library_searchdocument d, "
            "plainto_tsquery('english', %s) AS q(query) "
            "WHERE d.vector @@ q.query ORDER BY ts_rank(d.vector, q.query) DESC LIMIT 20"
        )

        def terms(query: str) -> str:
            return plain_words(query)

    def run(query: str) -> list[Any]:
        params = [terms(query)] * sql.count("%s")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def _ours() -> Callable[[str], list[Any]]:
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from equityhub.library import search

    # The page of 20 as the search page loads it (``shown_items`` since December; before,
    # each item's own class: ``items_for``), so that the code before can be measured too.
    load = getattr(search, "shown_items", None)

    def run(query: str) -> list[Any]:
        params = QueryDict(mutable=True)
        params["q"] = query
        user = AnonymousUser()
        outcome = search.find(params, user)
        if load is None:
            return search.items_for(outcome.ids[:20])
        return load(outcome.ids[:20], user)

    return run


def _latencies(run: Callable[[str], list[Any]]) -> list[float]:
    for query in QUERIES:  # warm caches once
        run(query)
    times = []
    for _ in range(REPEATS):
        for query in QUERIES:
            start = time.perf_counter()
            run(query)
            times.append(time.perf_counter() - start)
    return times


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:,.0f}" if value >= 100 else f"{value:,.3g}"


def _line(name: str, ours: float, baseline_name: str, baseline: float) -> str:
    return (
        f"bench {name}: {_ms(ours)} ms | baseline {baseline_name}: "
        f"{_ms(baseline)} ms | {ours / baseline:,.3g} x"
    )


def worker() -> None:
    """In a process whose DATABASE_URL names the fresh bench database: seed, time, print."""
    import django
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # A throwaway file: no need to wait for the disk on every migration and batch.
        options = settings.DATABASES["default"].setdefault("OPTIONS", {})
        options["init_command"] = "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"
    django.setup()
    from django.core.management import call_command

    from equityhub.library.bulk import bulk_add_resources
    from equityhub.library.taxonomy import Audience, Topic

    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    vendor = connection.vendor
    started = time.perf_counter()
    topics = list(Topic.objects.values_list("pk", flat=True))
    audiences = list(Audience.objects.values_list("pk", flat=True))
    bulk_add_resources(_generated(topics, audiences))
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"# {vendor}: {RESOURCES:,} resources bulk-inserted in {seconds:.0f} s", file=sys.stderr)
    ours, bare = _latencies(_ours()), _latencies(_bare_query())
    size = count_label(RESOURCES)
    if vendor == "postgresql":
        before = _latencies(_bare_query(wagtail_index=True))
        print(
            f"# postgresql: the former floor (Wagtail's index): median "
            f"{_ms(statistics.median(before))} ms, p95 {_ms(_p95(before))} ms",
            file=sys.stderr,
        )
    _report(f"library_search_{vendor}_{size}", ours, bare)
    ours, bare = concurrent_latencies(
        [_ours, _bare_query], QUERIES, clients=CLIENTS, rounds=CLIENT_ROUNDS
    )
    _report(f"library_search_{vendor}_{size}_{CLIENTS}_clients", ours, bare)


def _report(name: str, ours: list[float], bare: list[float]) -> None:
    print(
        _line(
            f"{name}_median",
            statistics.median(ours),
            "bare_full_text_query_median",
            statistics.median(bare),
        )
    )
    print(_line(f"{name}_p95", _p95(ours), "bare_full_text_query_p95", _p95(bare)), flush=True)


def _bench_postgres_url(url: str) -> str:
    """A fresh ``<name>_bench`` database on the same server, dropped first if it exists."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_bench"
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    head, _, tail = url.partition("?")
    base = head.rsplit("/", 1)[0]
    return f"{base}/{name}" + (f"?{tail}" if tail else "")


def _run_worker(database_url: str) -> list[Entry]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": os.environ.get("DEBUG", "true"),
        "TASKS_IMMEDIATE": "true",
        "DJANGO_SETTINGS_MODULE": "equityhub.config.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.library_search_bench", "--worker"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return [
        parse_line(line, size=RESOURCES, size_unit="resources")
        for line in done.stdout.splitlines()
        if line.startswith("bench ")
    ]


def run() -> list[Entry]:
    """Lines for SQLite, then PostgreSQL when DATABASE_URL names one."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="equityhub-bench-") as folder:
        lines += _run_worker(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        lines += _run_worker(_bench_postgres_url(url))
    return lines


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker()
    else:
        print("\n".join(result.line() for result in run()))
