"""The OpenAPI document is valid and declares the error answers the API really gives: each real
error response is checked against the document by openapi-core, and a 401 says how to sign in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from tests.indicators.test_api_pipeline import make_key

pytestmark = pytest.mark.django_db
PIPELINE = "/api/indicators/pipeline"


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    validate(schema)
    return schema


def _check(document: dict[str, Any], response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    request = DjangoOpenAPIRequest(response.wsgi_request)
    OpenAPI.from_dict(document).validate_response(request, DjangoOpenAPIResponse(response))


def test_every_operation_declares_its_error_answers(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            declared = set(operation["responses"])
            assert "429" in declared, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= declared, (method, path)
                assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
            if operation.get("parameters"):
                assert "422" in declared, (method, path)
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                assert "404" in declared, (method, path)


def test_real_error_answers_match_the_document(
    document: dict[str, Any], personas: dict[str, Any], organisation: Any
) -> None:
    _, read_key = make_key(personas["member"], organisation, scope="read")
    _, upload_key = make_key(personas["member"], organisation, scope="upload")
    no_key = Client().get(f"{PIPELINE}/results")
    _check(document, no_key, 401)
    assert no_key["WWW-Authenticate"].startswith("Bearer ")
    wrong_key = Client().get(f"{PIPELINE}/results", HTTP_AUTHORIZATION="Bearer ehk_nope")
    _check(document, wrong_key, 401)
    assert wrong_key["WWW-Authenticate"].startswith("Bearer ")
    anonymous = Client().get("/api/learning/sets")
    _check(document, anonymous, 401)
    assert anonymous["WWW-Authenticate"]
    scope = Client().get(f"{PIPELINE}/results", HTTP_AUTHORIZATION=f"Bearer {upload_key}")
    _check(document, scope, 403)
    missing = Client().get(f"{PIPELINE}/returns/99999", HTTP_AUTHORIZATION=f"Bearer {upload_key}")
    _check(document, missing, 404)
    bad_page = Client().get("/api/indicators/results", {"page": "first"})
    _check(document, bad_page, 422)
    fine = Client().get(f"{PIPELINE}/results", HTTP_AUTHORIZATION=f"Bearer {read_key}")
    _check(document, fine, 200)
