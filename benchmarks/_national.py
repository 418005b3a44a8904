"""A seeded, synthetic national set of returns for the indicator benchmarks.

42 integrated care boards (each a system, spread over 7 regions) and 200 trusts, 30 indicators,
12 quarters, and every breakdown the platform computes: deprivation deciles and quintiles (with
Unknown), ethnic category (18 codes with not stated and not known), sex, and the overall total.
Counts add up within each breakdown. ``EQUITYHUB_BENCH_SCALE`` (default 1, the national size)
scales the number of boards and trusts, for a quicker run.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import _timing

ICBS, TRUSTS, INDICATORS, REGIONS = 42, 200, 30, 7
PERIODS = [f"{year}-Q{q}" for year in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
ETHNIC = (*tuple("ABCDEFGHJKLMNPRS"), "Z", "99")
ETHNIC_SHARES = np.array([62, 2, 5, 4, 3, 2, 1, 4, 4, 2, 2, 3, 1, 1, 1, 2, 3, 2], float)
HEADER = ["indicator", "area_code", "period", "breakdown", "category", "numerator", "denominator"]
BREAKDOWNS = ["overall", "deprivation_decile", "deprivation_quintile", "ethnicity", "sex"]


def scale() -> float:
    return _timing.scale()


@dataclass(frozen=True)
class Area:
    code: str
    kind: str  # "trust" or "icb"
    system: str
    region: str


def areas(factor: float | None = None) -> list[Area]:
    """The boards and trusts; trusts spread evenly over the systems."""
    factor = scale() if factor is None else factor
    icbs = max(1, round(ICBS * factor))
    trusts = max(1, round(TRUSTS * factor))
    out = [Area(f"Q{i:02d}", "icb", f"Q{i:02d}", f"Y{i % REGIONS:02d}") for i in range(icbs)]
    out += [
        Area(f"R{i:03d}", "trust", f"Q{i % icbs:02d}", f"Y{(i % icbs) % REGIONS:02d}")
        for i in range(trusts)
    ]
    return out


def indicator_codes() -> list[str]:
    return [f"bench-indicator-{i:02d}" for i in range(INDICATORS)]


def _split(rng: np.random.Generator, total: int, shares: np.ndarray) -> np.ndarray:
    return rng.multinomial(total, shares / shares.sum())


def rows_for(area: Area, code: str, rng: np.random.Generator) -> list[list[Any]]:
    """One area's rows for one indicator over every period, counts adding up in each breakdown."""
    rows: list[list[Any]] = []
    size = int(rng.integers(20_000, 200_000)) * (4 if area.kind == "icb" else 1)
    middle = rng.uniform(0.05, 0.6)
    for t, period in enumerate(PERIODS):
        n = rng.poisson(size / 11 * np.ones(10)) + 20
        p = np.clip(middle * (1 + 0.3 * (5.5 - np.arange(1, 11)) / 4.5 + 0.002 * t), 0.01, 0.99)
        x = rng.binomial(n, p)
        un, ux = int(size * 0.02), int(rng.binomial(int(size * 0.02), middle))
        tx, tn = int(x.sum()) + ux, int(n.sum()) + un

        def add(breakdown: str, category: str, xs: Any, ns: Any, period: str = period) -> None:
            rows.append([code, area.code, period, breakdown, category, int(xs), int(ns)])

        add("overall", "Total", tx, tn)
        for d in range(10):
            add("deprivation_decile", str(d + 1), x[d], n[d])
        add("deprivation_decile", "Unknown", ux, un)
        for q in range(5):
            add(
                "deprivation_quintile",
                str(q + 1),
                x[2 * q : 2 * q + 2].sum(),
                n[2 * q : 2 * q + 2].sum(),
            )
        add("deprivation_quintile", "Unknown", ux, un)
        en = _split(rng, tn, ETHNIC_SHARES)
        ex = np.minimum(_split(rng, tx, en.astype(float) + 1), en)
        ex[0] += tx - ex.sum()
        for i, category in enumerate(ETHNIC):
            add("ethnicity", category, ex[i], en[i])
        sn = _split(rng, tn, np.array([50.0, 49.0, 1.0]))
        sx = np.minimum(_split(rng, tx, sn.astype(float) + 1), sn)
        sx[0] += tx - sx.sum()
        for i, category in enumerate(("Female", "Male", "Unknown")):
            add("sex", category, sx[i], sn[i])
    return rows


def national_rows(seed: int = 20261128) -> dict[str, list[list[Any]]]:
    """Rows per area code for every indicator (the whole national set)."""
    rng = np.random.default_rng(seed)
    out: dict[str, list[list[Any]]] = {}
    for area in areas():
        out[area.code] = [row for code in indicator_codes() for row in rows_for(area, code, rng)]
    return out


def to_csv(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def setup_django(database: bool = False) -> None:
    """Django for benchmarks that use the platform's models (no database unless asked)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")
    if not database:
        os.environ.setdefault("DEBUG", "true")
    django.setup()


@contextlib.contextmanager
def fresh_test_database() -> Iterator[Any]:
    """A migrated database of its own for one benchmark (its connection), removed afterwards.

    On SQLite a file, not Django's in-memory test database: that one lives on while any
    connection holds it, so a second benchmark in the same run found the first one's rows.
    """
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    folder = tempfile.mkdtemp(prefix="equityhub-bench-")
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
        teardown_test_environment()
        shutil.rmtree(folder, ignore_errors=True)


def bench_indicators() -> dict[str, Any]:
    """Unsaved registry entries for the benchmark codes: proportions with every breakdown."""
    from equityhub.indicators.models import Indicator

    return {
        code: Indicator(
            code=code,
            name=code,
            type="proportion",
            multiplier=100,
            polarity="lower_better",
            breakdowns=BREAKDOWNS,
        )
        for code in indicator_codes()
    }


def load_database(codes: list[str], seed: int = 20261128) -> dict[str, Any]:
    """Store the national set for ``codes`` as committed returns (one per area) in the current
    database, with its regions, systems, organisations and registry entries; no results yet.

    Returns the stored indicators by code and the organisations by code.
    """

    from equityhub.people.models import Organisation, Region, System

    indicators = {}
    for code, unsaved in bench_indicators().items():
        if code in codes:
            unsaved.description = unsaved.source = "synthetic benchmark indicator"
            unsaved.save()
            indicators[code] = unsaved
    everywhere = areas()
    regions = {
        code: Region.objects.create(code=code, name=f"Region {code}")
        for code in sorted({a.region for a in everywhere})
    }
    systems = {
        a.system: System.objects.create(
            code=a.system, name=f"System {a.system}", region=regions[a.region]
        )
        for a in everywhere
        if a.kind == "icb"
    }
    organisations = {
        a.code: Organisation.objects.create(
            code=a.code,
            name=f"{a.kind} {a.code}",
            kind=a.kind,
            system=systems[a.system],
            region=regions[a.region],
        )
        for a in everywhere
    }
    rng = np.random.default_rng(seed)
    for area in everywhere:
        store_return(organisations[area.code], {c: indicators[c] for c in codes}, area, rng)
    return {"indicators": indicators, "organisations": organisations}


def store_return(organisation: Any, indicators: dict[str, Any], area: Area, rng: Any) -> Any:
    """One committed, published return of ``area`` for the given indicators (every period)."""
    from django.utils import timezone

    from equityhub.indicators.models import DataPoint, DataReturn

    data_return = DataReturn.objects.create(
        organisation=organisation,
        filename=f"{area.code}.csv",
        file_format="csv",
        status="committed",
        committed_at=timezone.now(),
        publish=True,
    )
    points = [
        DataPoint(
            data_return=data_return,
            indicator=indicators[row[0]],
            area_code=row[1],
            period=row[2],
            breakdown=row[3],
            category=row[4],
            numerator=float(row[5]),
            denominator=float(row[6]),
        )
        for code in indicators
        for row in rows_for(area, code, rng)
    ]
    DataPoint.objects.bulk_create(points, batch_size=2000)
    data_return.row_count = len(points)
    data_return.save(update_fields=["row_count"])
    return data_return
