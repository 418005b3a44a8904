"""The error answers of the JSON API, declared in the OpenAPI document as they are sent.

django-ninja documents only the responses a route names, yet every route can also answer 401
(no or a wrong key or session), 404, 422 (a parameter or body that does not validate) and 429
(throttled): generated clients then meet undeclared answers. Each operation gets the error
responses it can give, with the body django-ninja sends (`{"detail": ...}`), and a 401 carries
`WWW-Authenticate`, as RFC 9110 §15.5.2 requires.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

JSON = "application/json"
BEARER_CHALLENGE = 'Bearer realm="Equity Hub API"'


def session_challenge() -> str:
    """A signed-in session is a cookie; no registered scheme names that, so the challenge names
    the cookie and where to sign in (any token is a valid auth-scheme)."""
    cookie, sign_in = settings.SESSION_COOKIE_NAME, reverse(settings.LOGIN_URL)
    return f'Session realm="Equity Hub", cookie="{cookie}", sign-in="{sign_in}"'


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {"detail": {"type": "string", "title": "Detail"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA: dict[str, Any] = {
    "title": "ValidationError",
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                    "msg": {"type": "string"},
                },
                "required": ["type", "loc", "msg"],
            },
        }
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "401": "No key or session, or one that is unknown, revoked or expired.",
    "403": "The key or person may not do this.",
    "404": "Nothing of that id that the caller may see.",
    "422": "A parameter or the body does not validate; `detail` lists each problem.",
    "429": "Too many requests: wait the seconds in `Retry-After`.",
}


def _response(code: str) -> dict[str, Any]:
    reference = "ValidationError" if code == "422" else "Error"
    response: dict[str, Any] = {
        "description": DESCRIPTIONS[code],
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{reference}"}}},
    }
    if code == "401":
        response["headers"] = {
            "WWW-Authenticate": {
                "description": "How to authenticate: a Bearer key or a signed-in session.",
                "required": True,
                "schema": {"type": "string"},
            }
        }
    return response


def _codes_for(operation: dict[str, Any]) -> list[str]:
    codes = ["429"]
    if operation.get("security"):
        codes += ["401", "403"]
    parameters = operation.get("parameters") or []
    if any(p.get("in") == "path" for p in parameters):
        codes.append("404")
    if parameters or operation.get("requestBody"):
        codes.append("422")
    return codes


def declare_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation the error responses it can give (kept where a route names one)."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas["ValidationError"] = VALIDATION_ERROR_SCHEMA
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            # django-ninja keys its own responses by int: one key per status, as JSON has it
            responses = {str(code): r for code, r in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for code in _codes_for(operation):
                responses.setdefault(code, _response(code))
    return schema


class DeclaredErrorsAPI(NinjaAPI):
    """NinjaAPI whose document declares its error answers and whose 401 says how to sign in."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return declare_error_responses(super().get_openapi_schema(**kwargs))


def unauthorised(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    bearer = request.headers.get("Authorization", "").lower().startswith("bearer")
    response["WWW-Authenticate"] = (
        BEARER_CHALLENGE if bearer or "/pipeline/" in request.path else session_challenge()
    )
    return response
