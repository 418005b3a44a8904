"""Steps the fault tests run in their own processes against the private cluster.

    python -m tests.operations.fault_scripts seed|commit|state|queue_large|return_state

Each prints one JSON line. The data are a lead's data return for one organisation, committed
through the real services (the commit enqueues the recompute task on the database queue).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.operations.fault_settings")
django.setup()

from django.db import transaction  # noqa: E402

INDICATOR = "rtt-waiting-over-18-weeks"
HEADER = ["indicator", "area_code", "period", "breakdown", "category", "numerator", "denominator"]


def _rows(shift: int) -> bytes:
    rows = [
        [INDICATOR, "RZZ", "2024-25", "deprivation_decile", str(d), 300 - 15 * d - shift, 1000]
        for d in range(1, 11)
    ]
    total = sum(int(str(row[5])) for row in rows)
    rows.append([INDICATOR, "RZZ", "2024-25", "overall", "Total", total, 10000])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def _commit(shift: int) -> dict[str, Any]:
    from equityhub.core.models import User
    from equityhub.indicators.returns.services import return_check, return_commit
    from equityhub.people.models import Organisation

    lead = User.objects.get(email="lead@example.nhs.uk")
    organisation = Organisation.objects.get(code="RZZ")
    preview = return_check(
        actor=lead, organisation=organisation, filename="return.csv", content=_rows(shift)
    )
    assert preview.data_return is not None, [str(p) for p in preview.problems]
    with transaction.atomic():
        committed = return_commit(actor=lead, data_return=preview.data_return)
    return {"return": committed.pk}


def seed() -> dict[str, Any]:
    from equityhub.core.models import User
    from equityhub.indicators.registry.services import indicator_registry_load
    from equityhub.people.models import Membership, Organisation, Region, System

    indicator_registry_load()
    region = Region.objects.create(code="Y99", ons_code="E40000099", name="Test region")
    system = System.objects.create(code="Q99", ons_code="E54000099", name="Test ICB", region=region)
    organisation = Organisation.objects.create(
        code="RZZ", name="Test Hospitals NHS Trust", kind="trust", system=system, region=region
    )
    lead = User.objects.create_user(email="lead@example.nhs.uk", password="x" * 20, full_name="L")
    Membership.objects.create(user=lead, organisation=organisation, role="lead", status="approved")
    return _commit(shift=0)


def state() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from equityhub.indicators.models import Result

    results = Result.objects.filter(organisation__code="RZZ", indicator__code=INDICATOR)
    return {
        "results": results.count(),
        "values": sorted(
            round(value, 6)
            for value in results.values_list("value", flat=True)
            if value is not None
        ),
        "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
    }


def queue_large() -> dict[str, Any]:
    """Keep a return for the background check (as a large upload is) and enqueue the check."""
    from equityhub.core.models import User
    from equityhub.indicators.returns.services import return_check_later
    from equityhub.people.models import Organisation

    queued = return_check_later(
        actor=User.objects.get(email="lead@example.nhs.uk"),
        organisation=Organisation.objects.get(code="RZZ"),
        filename="large.csv",
        content=_rows(shift=20),
    )
    return {"return": queued.pk}


def return_state() -> dict[str, Any]:
    from equityhub.indicators.models import DataPoint, DataReturn

    latest = DataReturn.objects.order_by("-pk").first()
    assert latest is not None
    return {
        "status": latest.status,
        "rows": latest.row_count,
        "problems": latest.problems,
        "points_of_return": DataPoint.objects.filter(data_return=latest).count(),
    }


if __name__ == "__main__":
    step = sys.argv[1]
    answer = {
        "seed": seed,
        "commit": lambda: _commit(shift=40),
        "state": state,
        "queue_large": queue_large,
        "return_state": return_state,
    }[step]()
    print(json.dumps(answer))
