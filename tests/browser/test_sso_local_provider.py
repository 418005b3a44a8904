"""Single sign-on through the local OpenID provider that `make run-sso` starts.

The provider is the npm package oidc-provider run by `scripts/local-oidc/server.mjs`, started here
on a free port; the app's provider settings are read from the same variables the Makefile sets.
In Chromium: a first sign-in makes an account for the issuer and subject, a sign-in with the
address of an existing account asks its owner to agree to a link, and neither asks for Equity
Hub's own second factor (the provider says it checked one: ``amr`` has ``mfa``).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.core import mail
from django.utils.csp import CSP
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.config.env import Env
from equityhub.config.sso_env import read_provider
from equityhub.core.models import User
from equityhub.people.models import Membership
from equityhub.people.sso import flow as sso
from equityhub.people.sso.models import ExternalIdentity
from tests.browser.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "scripts" / "local-oidc" / "server.mjs"
TENANT = "local-nhsmail-tenant"
PRIYA_OID = "3f7c2a91-0d4e-4b8a-9c61-5e2f8d0a7b13"
AMARA_OID = "8b1e6d24-7a5f-4c3e-a2d9-1f0c9e4b6a58"


@dataclass
class LocalOidc:
    issuer: str
    claims_seen: list[dict[str, Any]]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js is not installed: the local OpenID provider (scripts/local-oidc) needs it. "
            "Install Node.js 20 or newer, then run `make install` (npm ci)."
        )
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The npm package oidc-provider is missing: run `make install` (npm ci).")
    return node


def _wait_until_ready(process: subprocess.Popen[str], issuer: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"The local OpenID provider stopped at start-up:\n{output}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail("The local OpenID provider did not answer within 20 seconds")


@pytest.fixture
def local_oidc(
    live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalOidc]:
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    environment = {
        "LOCAL_OIDC_PORT": str(port),
        "LOCAL_OIDC_REDIRECT_URIS": f"{live_server.url}/accounts/sso/nhsmail/callback/",
        # The variables `make run-sso` gives the app.
        "OIDC_NHSMAIL_KIND": "entra",
        "OIDC_NHSMAIL_LABEL": "Sign in with NHSmail (local test provider)",
        "OIDC_NHSMAIL_DISCOVERY_URL": f"{issuer}/.well-known/openid-configuration",
        "OIDC_NHSMAIL_CLIENT_ID": "equityhub-local",
        "OIDC_NHSMAIL_CLIENT_SECRET": "local-secret",
        "OIDC_NHSMAIL_ALLOWED_TENANTS": TENANT,
        "OIDC_NHSMAIL_ALLOWED_ISSUERS": issuer,
    }
    process = subprocess.Popen(
        [_node(), str(SERVER)],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_ready(process, issuer)
        settings.SITE_URL = live_server.url
        settings.OIDC_PROVIDERS = {"nhsmail": read_provider(Env(environment), "nhsmail")}
        settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, issuer]}
        claims_seen: list[dict[str, Any]] = []
        fetch_claims = sso._fetch_claims

        def recording(request: Any, provider: Any) -> dict[str, Any]:
            claims = fetch_claims(request, provider)
            claims_seen.append(claims)
            return claims

        monkeypatch.setattr(sso, "_fetch_claims", recording)
        yield LocalOidc(issuer, claims_seen)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture
def chromium(browser: Any, live_server: Any) -> Iterator[Visitor]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Visitor(context.new_page(), live_server.url)
    context.close()


def sign_in_at_provider(visitor: Visitor, issuer: str, person: str) -> None:
    """From Equity Hub's sign-in page, through the provider's page, back to Equity Hub."""
    visitor.page.context.clear_cookies()
    visitor.visit("/accounts/sign-in/")
    visitor.page.click("button[data-provider=nhsmail]")
    visitor.page.wait_for_url(re.compile(re.escape(issuer) + r"/interaction/"))
    assert "Who are you?" in visitor.page.content()
    visitor.page.click(f"button[data-person={person}]")
    visitor.page.wait_for_url(re.compile(re.escape(visitor.base_url)))
    visitor.page.wait_for_load_state()
    visitor.check()


def test_single_sign_on_through_the_local_provider(
    chromium: Visitor, local_oidc: LocalOidc, make_user: Any
) -> None:
    page = chromium.page
    chromium.visit("/accounts/sign-in/")
    assert "Sign in with NHSmail (local test provider)" in page.content()

    # A first sign-in makes an account for the tenant and object ID; no second factor asked.
    sign_in_at_provider(chromium, local_oidc.issuer, "priya")
    assert "/accounts/mfa" not in page.url and "security code" not in page.content()
    priya = User.objects.get(email="priya.shah@nhs.net")
    identity = ExternalIdentity.objects.get(user=priya)
    assert (identity.issuer, identity.subject) == (f"entra:{TENANT}", PRIYA_OID)
    assert not priya.has_usable_password()
    assert not Membership.objects.filter(user=priya).exists()  # a role is claimed, then approved
    claims = local_oidc.claims_seen[-1]
    assert claims["iss"] == local_oidc.issuer and claims["tid"] == TENANT
    assert "mfa" in claims["amr"]

    # Signing in again finds the same account by issuer and subject.
    sign_in_at_provider(chromium, local_oidc.issuer, "priya")
    assert User.objects.filter(email="priya.shah@nhs.net").count() == 1
    assert ExternalIdentity.objects.filter(user=priya).count() == 1

    # An administrator with an authenticator app: a password sign-in would ask for a code.
    amara = make_user(
        email="amara.okafor@example.nhs.uk",
        full_name="Amara Okafor",
        is_staff=True,
        is_superuser=True,
    )
    TOTPDevice.objects.create(user=amara, name="Authenticator app", confirmed=True)
    sign_in_at_provider(chromium, local_oidc.issuer, "amara")
    assert "Check your email" in page.content()
    assert not ExternalIdentity.objects.filter(user=amara).exists()
    link = re.search(r"https?://\S+/accounts/sso/link/\S+/", mail.outbox[-1].body)
    assert link is not None and mail.outbox[-1].to == [amara.email]
    page.goto(link.group(0))
    chromium.check()
    page.click("button >> text=Link my single sign-on")
    page.wait_for_load_state()
    chromium.check()
    identity = ExternalIdentity.objects.get(user=amara)
    assert (identity.issuer, identity.subject) == (f"entra:{TENANT}", AMARA_OID)

    sign_in_at_provider(chromium, local_oidc.issuer, "amara")
    assert "/accounts/mfa" not in page.url and "security code" not in page.content()
    assert "mfa" in local_oidc.claims_seen[-1]["amr"]
    assert "What needs you now" in page.content()
