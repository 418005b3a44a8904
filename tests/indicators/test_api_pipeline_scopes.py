"""Every pipeline endpoint × key scope × organisation: the scope is enforced before anything is
read or written, a key never reaches another organisation's data, and every use is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from equityhub.core.models import AuditEvent
from equityhub.indicators.models import DataReturn
from equityhub.indicators.returns.services import return_check, return_commit
from equityhub.people.models import Membership, Organisation
from tests.indicators.conftest import csv_bytes, good_rows
from tests.indicators.test_api_pipeline import make_key

pytestmark = pytest.mark.django_db
BASE = "/api/indicators/pipeline"
ENDPOINTS = ["upload", "return", "commit", "discard", "results"]
# What each endpoint answers to a key of each scope, aimed at its own organisation or another's.
EXPECTED = {
    ("upload", "upload", "own"): 201,
    ("upload", "upload", "other"): 403,
    ("return", "upload", "own"): 200,
    ("return", "upload", "other"): 404,
    ("commit", "upload", "own"): 200,
    ("commit", "upload", "other"): 404,
    ("discard", "upload", "own"): 200,
    ("discard", "upload", "other"): 404,
    ("results", "upload", "own"): 403,
    ("results", "upload", "other"): 403,
    ("results", "read", "own"): 200,
    ("results", "read", "other"): 200,
}


def _committed_and_preview(actor: Any, organisation: Organisation, capture: Any) -> DataReturn:
    """Commit one return for `organisation` (so it has results) and leave a second as preview."""
    code = organisation.code
    first = return_check(
        actor=actor, organisation=organisation, filename="a.csv",
        content=csv_bytes(good_rows(code=code)), publish=False,
    )  # fmt: skip
    assert first.data_return is not None, [str(p) for p in first.problems]
    with capture(execute=True):
        return_commit(actor=actor, data_return=first.data_return)
    second = return_check(
        actor=actor, organisation=organisation, filename="b.csv",
        content=csv_bytes(good_rows(code=code, period="2025-26")), publish=False,
    )  # fmt: skip
    assert second.data_return is not None, [str(p) for p in second.problems]
    return second.data_return


@pytest.fixture
def previews(
    personas: dict[str, Any],
    organisation: Organisation,
    registry: None,
    django_capture_on_commit_callbacks: Any,
) -> dict[str, DataReturn]:
    other = Organisation.objects.create(
        code="RYY", name="Other Hospitals NHS Trust", kind="trust",
        system=organisation.system, region=organisation.region,
    )  # fmt: skip
    Membership.objects.create(
        user=personas["outsider"], organisation=other, role="lead", status="approved"
    )
    capture = django_capture_on_commit_callbacks
    return {
        "own": _committed_and_preview(personas["member"], organisation, capture),
        "other": _committed_and_preview(personas["outsider"], other, capture),
    }


def _call(endpoint: str, key: str, target: str, previews: dict[str, DataReturn]) -> Any:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    pk = previews[target].pk
    if endpoint == "upload":
        code = previews[target].organisation.code
        content = csv_bytes(good_rows(code="RZZ", period="2023-24"))
        upload = SimpleUploadedFile("r.csv", content, "text/csv")
        return Client().post(f"{BASE}/returns", {"file": upload, "organisation": code}, **auth)
    if endpoint == "return":
        return Client().get(f"{BASE}/returns/{pk}", **auth)
    if endpoint in ("commit", "discard"):
        return Client().post(f"{BASE}/returns/{pk}/{endpoint}", **auth)
    return Client().get(f"{BASE}/results", **auth)


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("scope", ["upload", "read"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_enforces_scope_and_organisation_and_is_audited(
    endpoint: str,
    scope: str,
    target: str,
    personas: dict[str, Any],
    organisation: Organisation,
    previews: dict[str, DataReturn],
    django_capture_on_commit_callbacks: Any,
) -> None:
    token, key = make_key(personas["member"], organisation, scope=scope)
    before = {pk: (r.status, r.row_count) for pk, r in _returns().items()}
    used_before = AuditEvent.objects.filter(action="indicators.api_key_used").count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _call(endpoint, key, target, previews)
    expected = EXPECTED.get((endpoint, scope, target), 403)
    assert response.status_code == expected, response.content
    if expected >= 400 or endpoint == "return":
        # a refused call, or a read, changes no return and creates none
        after = {pk: (r.status, r.row_count) for pk, r in _returns().items()}
        assert after == before
    if endpoint == "results" and expected == 200:
        organisations = {row["organisation"] for row in response.json()["results"]}
        assert organisations == {organisation.code}
    if expected == 403 and endpoint in ("return", "commit", "discard"):
        assert f'"{previews[target].pk}' not in response.content.decode()
    used = AuditEvent.objects.filter(action="indicators.api_key_used").order_by("pk")
    assert used.count() == used_before + 1
    event = used.last()
    assert event is not None
    assert event.target_id == str(token.pk)
    assert event.detail["endpoint"] == endpoint
    assert event.detail["status"] == expected


def _returns() -> dict[int, DataReturn]:
    return {r.pk: r for r in DataReturn.objects.all()}
