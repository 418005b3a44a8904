"""The OpenAPI document is valid (openapi-spec-validator), and real answers from the demo —
every GET operation, and the error answers 401, 403, 404 and 422 — match it (openapi-core)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate

from equityhub.indicators.tokens.services import token_create
from equityhub.learning.models import LearningSet
from equityhub.people.models import Membership

pytestmark = [pytest.mark.django_db, pytest.mark.conformance]


def _keys(demo_user: Any) -> dict[str, str]:
    lead = demo_user("lead")
    organisation = Membership.objects.filter(user=lead, role="lead").first().organisation
    return {
        scope: token_create(
            actor=lead, organisation=organisation, name="conformance", scope=scope, days=30
        )[1]
        for scope in ("read", "upload")
    }


def _requests(demo_user: Any) -> list[tuple[str, str, dict[str, Any], int]]:
    """(who, address, query, expected status): each GET operation, and each kind of error."""
    keys = _keys(demo_user)
    set_id = LearningSet.objects.visible_to(demo_user("lead")).values_list("pk", flat=True)[0]
    pipeline = "/api/indicators/pipeline"
    return [
        ("anonymous", "/api/people/systems", {}, 200),
        ("anonymous", "/api/indicators/", {}, 200),
        ("anonymous", "/api/indicators/results", {"page_size": 5}, 200),
        ("anonymous", "/api/indicators/results", {"page": "first"}, 422),
        ("anonymous", "/api/indicators/results.csv", {"indicator": "none"}, 200),
        ("lead", "/api/learning/sets", {}, 200),
        ("lead", f"/api/learning/sets/{set_id}", {}, 200),
        ("lead", "/api/learning/sets/999999", {}, 404),
        ("anonymous", "/api/learning/sets", {}, 401),
        (keys["read"], f"{pipeline}/results", {"page_size": 5}, 200),
        (keys["upload"], f"{pipeline}/results", {}, 403),
        (keys["read"], f"{pipeline}/returns/1", {}, 403),
        (keys["upload"], f"{pipeline}/returns/999999", {}, 404),
        ("anonymous", f"{pipeline}/results", {}, 401),
        ("ehk_not-a-key", f"{pipeline}/results", {}, 401),
    ]


def test_document_is_valid_and_real_answers_match_it(client_as: Any, demo_user: Any) -> None:
    document: dict[str, Any] = Client().get("/api/openapi.json").json()
    validate(document)
    # openapi-core reads JSON itself; a CSV body is text to check against `type: string`.
    csv_as_text = {"text/csv": _text}
    spec = OpenAPI.from_dict(document, config=Config(extra_media_type_deserializers=csv_as_text))
    get_paths = {path for path, item in document["paths"].items() if "get" in item}
    asked: set[str] = set()
    problems = []
    for who, address, query, status in _requests(demo_user):
        if who.startswith("ehk_"):
            response = Client().get(address, query, HTTP_AUTHORIZATION=f"Bearer {who}")
        else:
            response = client_as(None if who == "anonymous" else who).get(address, query)
        if response.status_code != status:
            problems.append(f"{address} {query}: {response.status_code}, expected {status}")
            continue
        if status == 401 and not response.get("WWW-Authenticate"):
            problems.append(f"{address}: 401 without WWW-Authenticate")
        request = DjangoOpenAPIRequest(response.wsgi_request)
        try:
            spec.validate_response(request, DjangoOpenAPIResponse(response))
        except Exception as error:  # openapi-core raises one class per kind of mismatch
            problems.append(f"{address} {status}: {error!r} {getattr(error, '__cause__', '')}")
        asked.add(spec_path(document, address))
    assert not problems, "\n".join(problems)
    assert get_paths <= asked, f"GET operations not asked: {get_paths - asked}"


def _text(body: bytes | str, **parameters: str) -> str:
    return body.decode(parameters.get("charset", "utf-8")) if isinstance(body, bytes) else body


def spec_path(document: dict[str, Any], address: str) -> str:
    """The document's path template that `address` is an instance of."""
    parts = address.rstrip("/").split("/")
    for template in document["paths"]:
        pieces = template.rstrip("/").split("/")
        if len(pieces) == len(parts) and all(
            p == a or p.startswith("{") for p, a in zip(pieces, parts, strict=True)
        ):
            return str(template)
    return address
