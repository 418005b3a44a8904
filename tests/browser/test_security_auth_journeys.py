"""Sign-in journeys with single sign-on and a second factor, with JavaScript on and off."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils.csp import CSP
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.models import User
from tests.conftest import PASSWORD
from tests.security.conftest import provider_settings
from tests.security.oidc_provider import LocalProvider

pytestmark = pytest.mark.django_db(transaction=True)


def app_code(user: Any, *, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def check_refusal_page(visitor: Any) -> None:
    """Axe finds nothing on a page answered 403 on purpose (the browser logs that status)."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.conftest import AXE_OPTIONS

    if visitor.javascript:
        violations = Axe().run(visitor.page, options=AXE_OPTIONS).response["violations"]
        assert not violations, [v["id"] for v in violations]
    visitor.page.wait_for_timeout(200)
    unexpected = [e for e in visitor.console_errors if "status of 403" not in e]
    assert not unexpected, unexpected
    visitor.console_errors.clear()


@pytest.fixture
def nhsmail(
    live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalProvider]:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    settings.SITE_URL = live_server.url
    local = LocalProvider().start(f"{live_server.url}/accounts/sso/nhsmail/callback/")
    local.claims = {
        "sub": "subject-1",
        "tid": "6f1c0a52-tenant-a",
        "oid": "object-1",
        "email": "rosa.lead@nhs.net",
        "name": "Rosa Lead",
    }
    provider = provider_settings(local, "nhsmail", "entra", label="Sign in with NHSmail")
    settings.OIDC_PROVIDERS = {"nhsmail": provider}
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, local.url]}
    yield local
    local.stop()


def test_single_sign_on_from_the_sign_in_page(visitor: Any, nhsmail: LocalProvider) -> None:
    visitor.visit("/accounts/sign-in/")
    assert "Sign in with NHSmail" in visitor.page.content()
    visitor.page.click("button[data-provider=nhsmail]")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "What needs you now" in visitor.page.content()
    assert User.objects.filter(email="rosa.lead@nhs.net").exists()


def test_a_refused_single_sign_on_explains_itself(visitor: Any, nhsmail: LocalProvider) -> None:
    nhsmail.audience = "another-service"
    visitor.visit("/accounts/sign-in/")
    visitor.page.click("button[data-provider=nhsmail]")
    visitor.page.wait_for_url(re.compile(r"/accounts/sso/nhsmail/callback/"))
    visitor.page.wait_for_load_state()
    assert "You could not be signed in" in visitor.page.content()
    check_refusal_page(visitor)
    assert "You could not be signed in" in visitor.page.content()
    assert not User.objects.exists()


def test_an_administrator_sets_up_and_then_uses_an_authenticator_app(
    visitor: Any, make_user: Any
) -> None:
    admin = make_user(full_name="Ada Admin", is_staff=True, is_superuser=True)
    visitor.sign_in(admin.email, PASSWORD)
    assert "Set up an authenticator app" in visitor.page.content()
    visitor.page.fill("#id_code", app_code(admin))
    visitor.page.click("button[type=submit] >> text=Confirm and continue")
    visitor.page.wait_for_load_state()
    visitor.check()
    page = visitor.page.content()
    assert "Save your recovery codes" in page
    assert len(re.findall(r"<code>[a-z0-9]{5}-[a-z0-9]{5}</code>", page)) == 10
    visitor.page.click("text=I have saved my codes")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "What needs you now" in visitor.page.content()

    visitor.page.context.clear_cookies()
    visitor.sign_in(admin.email, PASSWORD)
    assert "Enter your security code" in visitor.page.content()
    visitor.page.fill("#id_code", "000000")
    visitor.page.click("button[type=submit] >> text=Continue")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "There is a problem" in visitor.page.content()
    TOTPDevice.objects.get(user=admin).throttle_reset()
    visitor.page.fill("#id_code", app_code(admin, steps_ahead=1))
    visitor.page.click("button[type=submit] >> text=Continue")
    visitor.page.wait_for_load_state()
    visitor.check()
    assert "What needs you now" in visitor.page.content()
