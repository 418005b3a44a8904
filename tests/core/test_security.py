"""The security base: CSP with nonces, headers, throttled sign-in, audit log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from equityhub.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_csp_has_a_fresh_nonce_and_no_unsafe_inline(client: Client) -> None:
    first = client.get("/")
    second = client.get("/")
    policy = first.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce, policy
    assert nonce.group(1) not in second.headers["Content-Security-Policy"]
    html = first.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "the page should start NHS.UK frontend"
    for tag in scripts:
        assert f'nonce="{nonce.group(1)}"' in tag, tag


def test_every_page_sends_protective_headers(client: Client) -> None:
    response = client.get("/accounts/sign-in/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_sign_in_success_and_failure_are_audited(make_user: Any, client: Client) -> None:
    user = make_user(email="lead@example.nhs.uk")
    bad = client.post("/accounts/sign-in/", {"email": user.email, "password": "wrong"})
    assert bad.status_code == 400
    assert "The email address or password is not right" in bad.content.decode()
    good = client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})
    assert good.status_code == 302
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["sign-in", "sign-in-failed"]
    assert "wrong" not in str(AuditEvent.objects.get(action="sign-in-failed").detail)


def test_sign_in_is_throttled_after_repeated_failures(make_user: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    user = make_user()
    client = Client()
    for _ in range(3):
        client.post("/accounts/sign-in/", {"email": user.email, "password": "wrong"})
    locked = client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_refuses_an_outside_redirect(make_user: Any, client: Client) -> None:
    user = make_user()
    response = client.post(
        "/accounts/sign-in/",
        {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/"


def test_sign_out_needs_post(make_user: Any, client: Client) -> None:
    client.force_login(make_user())
    assert client.get("/accounts/sign-out/").status_code == 405
    assert client.post("/accounts/sign-out/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_sign_out_form_carries_this_pages_own_token(make_user: Any) -> None:
    """The header is rendered once per person and reused: its sign-out token must not be."""
    from equityhub.core.context_processors import SIGN_OUT_TOKEN

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(full_name="Tess Token"))
    field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    pages = [browser.get(path).content.decode() for path in ("/", "/library/", "/")]
    tokens = [field.search(html)[1] for html in pages]  # type: ignore[index]
    assert all(SIGN_OUT_TOKEN not in html and "Tess" in html for html in pages)
    assert len(set(tokens)) == 3  # masked afresh on every page, as Django's tokens are
    assert (
        browser.post("/accounts/sign-out/", {"csrfmiddlewaretoken": tokens[0]}).status_code == 302
    )
    assert "_auth_user_id" not in browser.session


def test_audit_log_is_append_only(make_user: Any) -> None:
    from equityhub.core.audit import audit_record

    event = audit_record(action="role-granted", actor=make_user(), detail={"role": "lead"})
    event.action = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")
    assert AuditEvent.objects.get().action == "role-granted"


def test_password_reset_sends_one_email_and_is_throttled(
    make_user: Any, client: Client, mailoutbox: list[Any], settings: Any
) -> None:
    settings.THROTTLE_PER_ACCOUNT = "2/15m"
    user = make_user()
    for _ in range(3):
        response = client.post("/accounts/password-reset/", {"email": user.email})
    assert len(mailoutbox) == 2
    assert "/accounts/password-reset/" in mailoutbox[0].body
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()


def test_password_reset_from_a_shared_address_is_limited_per_account_not_per_address(
    make_user: Any, mailoutbox: list[Any], settings: Any
) -> None:
    settings.THROTTLE_PER_ACCOUNT = "1/15m"
    settings.THROTTLE_PER_ADDRESS = "3/h"
    colleagues = [make_user() for _ in range(4)]
    browser = Client(REMOTE_ADDR="192.0.2.10")
    answers = [
        browser.post("/accounts/password-reset/", {"email": person.email}).status_code
        for person in colleagues
    ]
    assert answers == [302, 302, 302, 429]
    assert len(mailoutbox) == 3


def test_sign_in_before_confirming_email_says_so(make_user: Any, client: Client) -> None:
    user = make_user(is_active=False, email_verified=False)
    response = client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})
    assert "Confirm your email address first" in response.content.decode()
    wrong = client.post("/accounts/sign-in/", {"email": user.email, "password": "guess"})
    assert "Confirm your email" not in wrong.content.decode()
