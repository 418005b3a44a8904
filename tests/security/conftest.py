"""Fixtures for the single sign-on tests: a local OpenID provider and settings pointing at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from equityhub.people.sso.settings import Provider
from tests.security.oidc_provider import LocalProvider

CALLBACK = "http://testserver/accounts/sso/{name}/callback/"
TENANT = "6f1c0a52-tenant-a"


def provider_settings(local: LocalProvider, name: str, kind: str, **changes: Any) -> Provider:
    assert local.client is not None
    provider = Provider(
        name=name,
        kind=kind,
        label=f"Sign in with {name}",
        discovery_url=f"{local.url}/.well-known/openid-configuration",
        client_id=local.client.client_id,
        client_auth=local.client_auth,
        client_secret=local.client.client_secret,
        private_key_path="",
        private_key_id="",
        allowed_issuers=(local.url,),
        allowed_tenants=(TENANT,) if kind == "entra" else (),
        scopes="openid profile email",
        create_accounts=True,
    )
    return replace(provider, **changes)


@pytest.fixture
def oidc(settings: Any, monkeypatch: pytest.MonkeyPatch, db: None) -> Iterator[LocalProvider]:
    """An Entra-like provider ("nhsmail") with a client secret, signed in as Sam Smith."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    settings.SITE_URL = "http://testserver"
    local = LocalProvider().start(CALLBACK.format(name="nhsmail"))
    local.claims = {
        "sub": "pairwise-subject-1",
        "tid": TENANT,
        "oid": "object-id-1",
        "email": "sam.smith@nhs.net",
        "name": "Sam Smith",
    }
    settings.OIDC_PROVIDERS = {"nhsmail": provider_settings(local, "nhsmail", "entra")}
    yield local
    local.stop()


def _go_through_provider(client: Any, name: str, next_url: str) -> tuple[Any, str]:
    start = client.post(f"/accounts/sso/{name}/", {"next": next_url})
    assert start.status_code == 302, start.content
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert "code" in parse_qs(back.query), at_provider.headers["Location"]
    return start, f"{back.path}?{back.query}"


@pytest.fixture
def sso_sign_in() -> Callable[..., Any]:
    """Start at Equity Hub, pass through the provider, come back: the callback's response."""

    def run(client: Any, name: str = "nhsmail", next_url: str = "/people/") -> Any:
        _, callback = _go_through_provider(client, name, next_url)
        response = client.get(callback)
        response.callback_path = callback
        return response

    return run
