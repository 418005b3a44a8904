"""API keys and the pipeline upload: scoped to one organisation and one scope, hashed at rest,
shown once, revocable, expiring, audited; uploads go through the web's check, preview, commit."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equityhub.core.models import AuditEvent
from equityhub.indicators.models import ApiToken, DataPoint, DataReturn, Result, ReturnStatus
from equityhub.indicators.tokens.services import hash_key, token_create, token_revoke
from equityhub.people.models import Organisation
from tests.indicators.conftest import csv_bytes, good_rows

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/api/indicators/pipeline/returns"


def make_key(user: Any, organisation: Any, scope: str = "upload") -> tuple[ApiToken, str]:
    return token_create(actor=user, organisation=organisation, name="nightly", scope=scope, days=30)


def post_file(key: str, content: bytes, filename: str = "r.csv", **data: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return Client().post(
        UPLOAD_URL,
        {"file": SimpleUploadedFile(filename, content, "text/csv"), **data},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def api_post(key: str, url: str) -> Any:
    return Client().post(url, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def other_trust(personas: dict[str, Any], organisation: Any) -> Organisation:
    """Trust B in the same system, with its own lead."""
    from equityhub.people.models import Membership

    other = Organisation.objects.create(
        code="RYY",
        name="Other Hospitals NHS Trust",
        kind="trust",
        system=organisation.system,
        region=organisation.region,
    )
    Membership.objects.create(
        user=personas["outsider"], organisation=other, role="lead", status="approved"
    )
    return other


def test_key_is_hashed_at_rest_and_shown_once(
    personas: dict[str, Any], organisation: Any, registry: None, client_for: Any
) -> None:
    client = client_for(personas["member"])
    response = client.post(
        reverse("indicators:api-keys"),
        {"organisation": organisation.code, "name": "weekly", "scope": "upload", "days": "90"},
    )
    assert response.status_code == 200
    key = re.search(r'data-testid="new-key">([^<]+)<', response.content.decode())
    assert key is not None
    token = ApiToken.objects.get()
    assert token.key_hash == hash_key(key[1]) and key[1] not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key[1]).exists()
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("indicators:api-keys")).content.decode()
    assert key[1] not in again and token.prefix in again
    assert AuditEvent.objects.filter(action="indicators.api_key_created").count() == 1


def test_bad_key_form_names_the_field(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    response = client_for(personas["member"]).post(
        reverse("indicators:api-keys"),
        {"organisation": organisation.code, "name": "", "scope": "everything", "days": "7"},
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert "error-summary" in response.content.decode()


def test_only_the_team_makes_keys(personas: dict[str, Any], organisation: Any) -> None:
    with pytest.raises(PermissionDenied):
        make_key(personas["outsider"], organisation)


def test_pipeline_uploads_previews_and_commits(
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _, key = make_key(personas["member"], organisation)
    response = post_file(key, csv_bytes(good_rows()))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "preview" and body["rows"] == 12
    assert not DataPoint.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        committed = api_post(key, f"{UPLOAD_URL}/{body['id']}/commit")
    assert committed.status_code == 200, committed.content
    assert committed.json()["status"] == ReturnStatus.COMMITTED
    assert DataPoint.objects.count() == 12
    assert Result.objects.filter(organisation=organisation).exists()
    data_return = DataReturn.objects.get()
    assert data_return.uploaded_by == personas["member"]
    assert api_post(key, f"{UPLOAD_URL}/{body['id']}/commit").status_code == 409
    actions = set(
        AuditEvent.objects.filter(action="indicators.api_key_used").values_list(
            "detail__action", flat=True
        )
    )
    assert {"upload checked", "commit"} <= actions


def test_discard_stores_nothing(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    _, key = make_key(personas["member"], organisation)
    pk = post_file(key, csv_bytes(good_rows())).json()["id"]
    assert api_post(key, f"{UPLOAD_URL}/{pk}/discard").json()["status"] == "discarded"
    assert not DataPoint.objects.exists()


def test_key_for_trust_a_cannot_upload_for_trust_b(
    personas: dict[str, Any], organisation: Any, other_trust: Organisation, registry: None
) -> None:
    _, key = make_key(personas["member"], organisation)
    named_b = post_file(key, csv_bytes(good_rows(code="RYY")), organisation="RYY")
    assert named_b.status_code == 403
    rows_for_b = post_file(key, csv_bytes(good_rows(code="RYY")))
    assert rows_for_b.status_code == 400
    assert all(p["column"] == "area_code" for p in rows_for_b.json()["problems"])
    assert not DataReturn.objects.exists()
    # and B's own returns cannot be read or committed with A's key
    _, key_b = make_key(personas["outsider"], other_trust)
    pk_b = post_file(key_b, csv_bytes(good_rows(code="RYY"))).json()["id"]
    assert api_post(key, f"{UPLOAD_URL}/{pk_b}/commit").status_code == 404
    assert (
        Client().get(f"{UPLOAD_URL}/{pk_b}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 404
    )
    assert not DataPoint.objects.exists()


def test_revoked_and_expired_keys_are_refused(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    token, key = make_key(personas["member"], organisation)
    token_revoke(actor=personas["owner"], token=token)
    assert post_file(key, csv_bytes(good_rows())).status_code == 401
    expired, expired_key = make_key(personas["member"], organisation)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert post_file(expired_key, csv_bytes(good_rows())).status_code == 401
    assert post_file("ehk_not-a-key", csv_bytes(good_rows())).status_code == 401
    assert post_file(key.upper(), csv_bytes(good_rows())).status_code == 401
    assert not DataReturn.objects.exists()
    assert AuditEvent.objects.filter(action="indicators.api_key_revoked").count() == 1


def test_key_stops_when_its_person_leaves_the_team(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    from equityhub.people.models import Membership

    _, key = make_key(personas["member"], organisation)
    Membership.objects.filter(user=personas["member"]).delete()
    assert post_file(key, csv_bytes(good_rows())).status_code == 401


def test_revoke_through_the_page(
    personas: dict[str, Any], organisation: Any, client_for: Any
) -> None:
    token, _ = make_key(personas["member"], organisation)
    outsider = client_for(personas["outsider"]).post(
        reverse("indicators:api-key-revoke", kwargs={"pk": token.pk})
    )
    assert outsider.status_code == 404
    response = client_for(personas["owner"]).post(
        reverse("indicators:api-key-revoke", kwargs={"pk": token.pk})
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas["owner"]


def test_scopes_are_kept_apart(
    personas: dict[str, Any], organisation: Any, registry: None, upload: Any
) -> None:
    _, read_key = make_key(personas["member"], organisation, scope="read")
    _, upload_key = make_key(personas["member"], organisation, scope="upload")
    assert post_file(read_key, csv_bytes(good_rows())).status_code == 403
    upload(personas["member"], good_rows(), publish=False)
    results_url = "/api/indicators/pipeline/results"
    assert Client().get(results_url, HTTP_AUTHORIZATION=f"Bearer {upload_key}").status_code == 403
    read = Client().get(results_url, HTTP_AUTHORIZATION=f"Bearer {read_key}")
    assert read.status_code == 200
    assert read.json()["count"] == Result.objects.filter(organisation=organisation).count() > 0
    opened = Client().get("/api/indicators/results").json()
    assert opened["count"] == 0 and opened["results"] == []  # unpublished: not open


BAD_FILES = [
    [["no-such-indicator", "RZZ", "2024", "overall", "Total", 1, 2]],
    [["ae-four-hours", "RZZ", "2024", "overall", "Total", 30, 20]],
    [["ae-four-hours", "RZZ", "Spring 24", "overall", "Total", 3, 20]],
    [
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", 3, 20],
        ["ae-four-hours", "RZZ", "2024", "overall", "Total", 4, 20],
    ],
]


@pytest.mark.parametrize("rows", BAD_FILES)
def test_bad_files_get_the_same_messages_as_the_web(
    rows: list[list[Any]],
    personas: dict[str, Any],
    organisation: Any,
    registry: None,
    client_for: Any,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, key = make_key(personas["member"], organisation)
    api = post_file(key, csv_bytes(rows), filename="bad.csv")
    assert api.status_code == 400
    texts = [p["text"] for p in api.json()["problems"]]
    assert texts and all("bad.csv, row" in t for t in texts)
    web = client_for(personas["member"]).post(
        reverse("indicators:upload"),
        {"organisation": organisation.code, "file": SimpleUploadedFile("bad.csv", csv_bytes(rows))},
    )
    page = web.content.decode()
    from html import unescape

    assert all(text in unescape(page) for text in texts)
    assert not DataReturn.objects.exists()


def test_identifiers_are_refused_through_the_api(
    personas: dict[str, Any], organisation: Any, registry: None
) -> None:
    _, key = make_key(personas["member"], organisation)
    content = csv_bytes(
        [["4857773456", "ae-four-hours", "RZZ", "2024", "overall", "Total", 1, 2]],
        header=["nhs_number", "indicator", "area_code", "period", "breakdown", "category",
                "numerator", "denominator"],
    )  # fmt: skip
    response = post_file(key, content)
    assert response.status_code == 400
    assert response.json()["refused"] is True
    assert "equityhub stats aggregate" in response.json()["detail"]
    assert not DataReturn.objects.exists()
