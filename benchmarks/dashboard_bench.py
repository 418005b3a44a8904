"""(dashboard) Dashboard and indicator page latency under 20 concurrent clients, on PostgreSQL.

A trust with 30 adopted indicators and a national-shape return (12 quarters, every breakdown)
is loaded into the database named by ``EQUITYHUB_BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/equityhub_bench``, created and migrated when missing;
loaded once, then reused). A gunicorn server (2 workers x 8 threads, DEBUG off) serves it; 20
client threads, each signed in as the trust's lead, ask for the dashboard 10 times each after
a warm-up. Baseline: the trivial ``/healthz`` view (one ``SELECT 1``) on the same server under
the same load. The same clients then ask for one indicator's page (every breakdown, 12 quarters)
in the same way. Reported for each: median and 95th percentile, and each ratio (baseline ÷ page,
so 0.1 means the page takes ten times as long).

The dashboard caches each organisation's tiles until their inputs change, so after the warm-up
this measures the cached page (the fingerprint query, the base template, the session); the first
request after a recompute pays for the computation once per server process. For a quick run,
``EQUITYHUB_BENCH_CLIENTS`` and ``EQUITYHUB_BENCH_REQUESTS`` (per client) lower the load.
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import _national
from benchmarks._timing import Entry, parse_line, sized

# EQUITYHUB_BENCH_CLIENTS and EQUITYHUB_BENCH_REQUESTS, when set, win over EQUITYHUB_BENCH_SCALE.
CLIENTS = int(os.environ.get("EQUITYHUB_BENCH_CLIENTS") or sized(20, minimum=2))
REQUESTS = int(os.environ.get("EQUITYHUB_BENCH_REQUESTS") or sized(10, minimum=5))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/equityhub_bench"
TRUST = "RBENCH"


def _environment() -> dict[str, str]:
    url = os.environ.get("EQUITYHUB_BENCH_DATABASE_URL", DEFAULT_URL)
    secret = os.environ.get("EQUITYHUB_BENCH_SECRET_KEY") or secrets.token_urlsafe(40)
    os.environ["EQUITYHUB_BENCH_SECRET_KEY"] = secret  # the same key for parent, child, server
    if not url.startswith("postgres"):
        raise SystemExit("The dashboard benchmark needs PostgreSQL (EQUITYHUB_BENCH_DATABASE_URL).")
    return {
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
    }


def _load() -> Any:
    """The trust, its lead and its results (loaded once per database)."""
    from django.conf import settings
    from django.core.management import call_command

    from equityhub.core.models import User
    from equityhub.indicators.models import Adoption, Indicator, Result
    from equityhub.indicators.results.recompute import recompute_areas
    from equityhub.indicators.results.store import recompute
    from equityhub.indicators.returns.services import return_check, return_commit
    from equityhub.people.models import Membership, Organisation, Region, System

    call_command("migrate", verbosity=0, interactive=False)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # `make static` not run
        call_command("buildcss")
        call_command("collectstatic", interactive=False, verbosity=0)
    region, _ = Region.objects.get_or_create(code="YBNCH", defaults={"name": "Bench region"})
    system, _ = System.objects.get_or_create(
        code="QBNCH", defaults={"name": "Bench system", "region": region}
    )
    trust, _ = Organisation.objects.get_or_create(
        code=TRUST,
        defaults={"name": "Bench trust", "kind": "trust", "system": system, "region": region},
    )
    lead, _ = User.objects.get_or_create(
        email="bench-lead@example.org", defaults={"full_name": "Bench Lead"}
    )
    Membership.objects.get_or_create(
        user=lead, organisation=trust, defaults={"role": "lead", "status": "approved"}
    )
    if Result.objects.filter(organisation=trust).exists():
        return lead
    indicators = []
    for code, spec in _national.bench_indicators().items():
        indicator, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": f"Benchmark indicator {code[-2:]}",
                "description": "Synthetic, for the benchmark only.",
                "type": spec.type,
                "multiplier": spec.multiplier,
                "polarity": spec.polarity,
                "breakdowns": spec.breakdowns,
                "source": "benchmark",
            },
        )
        indicators.append(indicator)
        Adoption.objects.get_or_create(organisation=trust, indicator=indicator)
    rng = np.random.default_rng(20261128)
    area = _national.Area(TRUST, "trust", "QBNCH", "YBNCH")
    rows = [row for i in indicators for row in _national.rows_for(area, i.code, rng)]
    preview = return_check(
        actor=lead, organisation=trust, filename="bench.csv", content=_national.to_csv(rows)
    )
    assert preview.data_return is not None, [str(p) for p in preview.problems[:5]]
    return_commit(actor=lead, data_return=preview.data_return)
    for indicator in indicators:
        recompute(trust, indicator)
        recompute_areas(indicator)
    return lead


def _cookie(lead: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(lead)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    """A port on the loopback interface nobody listens on (for a benchmark's own server)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - start


def _load_test(url: str, cookie: str) -> list[float]:
    for _ in range(3):
        _get(url, cookie)  # warm-up

    def client(_: int) -> list[float]:
        return [_get(url, cookie) for _ in range(REQUESTS)]

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for times in pool.map(client, range(CLIENTS)) for t in times]


def _serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "equityhub.config.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--threads", "8", "--log-level", "warning"],
        env={**os.environ, **env},
    )  # fmt: skip
    for _ in range(120):
        try:
            _get(f"http://127.0.0.1:{port}/healthz", "")
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the benchmark server did not start")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _measure() -> list[str]:
    """In a process whose settings name the bench database: load, serve, time, give lines."""
    env = _environment()
    _national.setup_django(database=True)
    lead = _load()
    cookie = _cookie(lead)
    port = free_port()
    server = _serve(port, env)
    try:
        base = f"http://127.0.0.1:{port}"
        pages = {
            "dashboard_30_tiles": _load_test(f"{base}/indicators/?organisation={TRUST}", cookie),
            "indicator_page": _load_test(f"{base}/indicators/{TRUST}/{_first_code()}/", cookie),
        }
        trivial = _load_test(f"{base}/healthz", cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = []
    for name, times in pages.items():
        for label, pick in (("median", statistics.median), ("p95", _p95)):
            ours, floor = pick(times), pick(trivial)
            lines.append(
                f"bench {name}_{label}_latency_{CLIENTS}_clients: {_ms(ours)} | "
                f"baseline healthz_select_1_{label}_latency: {_ms(floor)} | {floor / ours:,.3g} x"
            )
    return lines


def _first_code() -> str:
    """The indicator page measured: the first of the trust's adopted indicators."""
    from equityhub.indicators.models import Adoption

    adoption = Adoption.objects.filter(organisation__code=TRUST).order_by("indicator__code").first()
    assert adoption is not None, "the bench trust has no adopted indicator"
    return str(adoption.indicator.code)


def run() -> list[Entry]:
    """Run in a fresh process: Django settings (database, DEBUG off) are fixed per process."""
    from equityhub.tools.wait_for_database import database_answers

    env = _environment()
    problem = database_answers(env["DATABASE_URL"], attempts=2)
    if problem:
        reason = f"PostgreSQL did not answer ({problem})"
        return [Entry("dashboard", CLIENTS * REQUESTS, "requests", skipped=reason)]
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.dashboard_bench"],
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "equityhub.config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        raise RuntimeError(f"the dashboard benchmark failed:\n{child.stderr[-3000:]}")
    return [
        parse_line(line, size=CLIENTS * REQUESTS, size_unit="requests")
        for line in child.stdout.splitlines()
        if line.startswith("bench ")
    ]


def _p95(times: list[float]) -> float:
    return float(np.percentile(times, 95))


if __name__ == "__main__":
    print("\n".join(_measure()), flush=True)
