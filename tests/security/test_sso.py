"""Single sign-on against a real OpenID provider started on 127.0.0.1 (see oidc_provider.py).

Every refusal must give a clear page and sign nobody in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client

from equityhub.core.models import AuditEvent, User
from equityhub.people.models import ExternalIdentity, SsoLinkRequest
from tests.conftest import PASSWORD
from tests.security.conftest import TENANT
from tests.security.oidc_provider import LocalProvider

pytestmark = pytest.mark.django_db


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def refused(response: Any, reason: str) -> None:
    assert response.status_code == 403
    assert "You could not be signed in" in response.content.decode()
    event = AuditEvent.objects.filter(action="sso-refused").first()
    assert event is not None and event.detail["reason"] == reason


def test_first_sign_in_creates_an_account_keyed_on_tenant_and_object_id(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any], client: Client
) -> None:
    start = client.post("/accounts/sso/nhsmail/", {"next": "/people/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["nonce"] and query["state"]

    response = sso_sign_in(Client())
    assert response.status_code == 302 and response["Location"] == "/people/"
    user = User.objects.get(email="sam.smith@nhs.net")
    assert user.full_name == "Sam Smith" and not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (f"entra:{TENANT}", "object-id-1")
    assert AuditEvent.objects.filter(action="sso-sign-in", actor=user).exists()
    assert AuditEvent.objects.filter(action="sso-account-created", actor=user).exists()
    assert oidc.authenticated_clients == ["client_secret_post"]


def test_the_signed_in_browser_has_a_session_for_that_account(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any], client: Client
) -> None:
    sso_sign_in(client)
    assert signed_in(client)
    assert client.session["_auth_user_id"] == str(User.objects.get(email="sam.smith@nhs.net").pk)
    assert client.get("/people/me/").status_code in {200, 302}


def test_a_changed_email_claim_signs_in_the_same_account_and_is_not_trusted(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    sso_sign_in(Client())
    user = User.objects.get(email="sam.smith@nhs.net")
    oidc.claims["email"] = "someone.else@nhs.net"
    browser = Client()
    response = sso_sign_in(browser)
    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.email == "sam.smith@nhs.net"
    assert not User.objects.filter(email="someone.else@nhs.net").exists()
    assert ExternalIdentity.objects.get(user=user).email_seen == "someone.else@nhs.net"


def test_same_email_under_another_object_id_is_a_different_person(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    """A new subject whose email matches an account does not get in: the owner is asked."""
    sso_sign_in(Client())
    oidc.claims["oid"] = "object-id-of-an-impostor"
    browser = Client()
    with pytest.MonkeyPatch.context():
        response = sso_sign_in(browser)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert not signed_in(browser)
    assert ExternalIdentity.objects.count() == 1


def test_a_signature_by_a_key_the_provider_does_not_publish_is_refused(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    oidc.sign_with_unpublished_key = True
    browser = Client()
    response = sso_sign_in(browser)
    refused(response, "bad-signature")
    assert not signed_in(browser)
    assert not User.objects.exists()


def test_a_token_for_another_audience_is_refused(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    oidc.audience = "some-other-service"
    browser = Client()
    refused(sso_sign_in(browser), "wrong-audience")
    assert not signed_in(browser) and not User.objects.exists()


def test_an_expired_token_is_refused(oidc: LocalProvider, sso_sign_in: Callable[..., Any]) -> None:
    oidc.token_lifetime = -3600
    browser = Client()
    refused(sso_sign_in(browser), "expired-token")
    assert not signed_in(browser) and not User.objects.exists()


def test_a_replayed_state_is_refused(oidc: LocalProvider, sso_sign_in: Callable[..., Any]) -> None:
    browser = Client()
    first = sso_sign_in(browser)
    assert first.status_code == 302 and signed_in(browser)

    stranger = Client()
    refused(stranger.get(first.callback_path), "state-mismatch")
    assert not signed_in(stranger)

    browser.post("/accounts/sign-out/")
    refused(browser.get(first.callback_path), "state-mismatch")
    assert not signed_in(browser)


def test_an_issuer_not_on_the_allow_list_is_refused(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any], settings: Any
) -> None:
    from dataclasses import replace

    allowed = ("https://login.microsoftonline.com/another-tenant/v2.0",)
    provider = settings.OIDC_PROVIDERS["nhsmail"]
    settings.OIDC_PROVIDERS = {"nhsmail": replace(provider, allowed_issuers=allowed)}
    browser = Client()
    response = sso_sign_in(browser)
    refused(response, "issuer-not-allowed")
    assert "does not accept sign-ins from that organisation" in response.content.decode()
    assert not signed_in(browser) and not User.objects.exists()


def test_a_tenant_not_on_the_allow_list_is_refused(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    oidc.claims["tid"] = "a-tenant-nobody-allowed"
    browser = Client()
    refused(sso_sign_in(browser), "tenant-not-allowed")
    assert not signed_in(browser) and not User.objects.exists()


def test_an_email_outside_the_nhs_domains_gets_no_new_account(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    oidc.claims["email"] = "sam@example.com"
    browser = Client()
    refused(sso_sign_in(browser), "domain-not-allowed")
    assert not signed_in(browser) and not User.objects.exists()


def test_an_unknown_provider_is_not_found(oidc: LocalProvider, client: Client) -> None:
    assert client.post("/accounts/sso/nobody/").status_code == 404
    assert client.get("/accounts/sso/nobody/callback/").status_code == 404


def test_a_closed_account_cannot_sign_in(
    oidc: LocalProvider, sso_sign_in: Callable[..., Any]
) -> None:
    sso_sign_in(Client())
    User.objects.filter(email="sam.smith@nhs.net").update(is_active=False)
    browser = Client()
    refused(sso_sign_in(browser), "inactive-account")
    assert not signed_in(browser)


# Linking to an existing account -----------------------------------------------------------------


def _link_token() -> str:
    body = mail.outbox[-1].body
    url = next(line for line in body.splitlines() if "/accounts/sso/link/" in line)
    return url.rstrip("/").rsplit("/", 1)[1]


def test_first_sign_in_matching_an_account_waits_for_its_owner(
    oidc: LocalProvider,
    sso_sign_in: Callable[..., Any],
    make_user: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner = make_user(email="sam.smith@nhs.net", full_name="Sam Smith")
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = sso_sign_in(browser)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert not signed_in(browser)
    assert not ExternalIdentity.objects.exists()
    assert mail.outbox[-1].to == ["sam.smith@nhs.net"]
    token = _link_token()
    assert SsoLinkRequest.objects.get(user=owner).token_hash != token

    page = Client().get(f"/accounts/sso/link/{token}/")
    assert page.status_code == 200 and "sam.smith@nhs.net" in page.content.decode()
    assert not ExternalIdentity.objects.exists()  # looking is not agreeing

    assert Client().post(f"/accounts/sso/link/{token}/").status_code == 200
    identity = ExternalIdentity.objects.get()
    assert identity.user == owner and identity.subject == "object-id-1"
    assert AuditEvent.objects.filter(action="sso-linked", target_id=str(owner.pk)).exists()
    assert Client().post(f"/accounts/sso/link/{token}/").status_code == 410

    browser = Client()
    assert sso_sign_in(browser).status_code == 302
    assert browser.session["_auth_user_id"] == str(owner.pk)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the password still works too


def test_a_made_up_link_token_is_not_found(oidc: LocalProvider, client: Client) -> None:
    assert client.get("/accounts/sso/link/not-a-token/").status_code == 404
    assert client.post("/accounts/sso/link/not-a-token/").status_code == 404
    assert not ExternalIdentity.objects.exists()


# CIS2: private_key_jwt ---------------------------------------------------------------------------


@pytest.fixture
def cis2(settings: Any, monkeypatch: pytest.MonkeyPatch, db: None, tmp_path: Any) -> Any:
    from tests.security.conftest import CALLBACK, provider_settings

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    settings.SITE_URL = "http://testserver"
    local = LocalProvider(client_auth="private_key_jwt").start(CALLBACK.format(name="cis2"))
    local.claims = {"sub": "555000111222", "email": "dr.jones@nhs.net", "name": "Dr Jones"}
    key_file = tmp_path / "client-key.pem"
    key_file.write_bytes(local.client_private_key_pem())
    settings.OIDC_PROVIDERS = {
        "cis2": provider_settings(
            local,
            "cis2",
            "cis2",
            client_secret="",
            private_key_path=str(key_file),
            private_key_id="equityhub-client",
        )
    }
    yield local, key_file
    local.stop()


def test_cis2_sign_in_authenticates_the_client_with_a_signed_jwt(
    cis2: Any, sso_sign_in: Callable[..., Any]
) -> None:
    local, _ = cis2
    browser = Client()
    response = sso_sign_in(browser, "cis2")
    assert response.status_code == 302 and signed_in(browser)
    assert local.authenticated_clients == ["private_key_jwt"]
    assert len(local.used_assertions) == 1
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (local.url, "555000111222")


def test_cis2_refuses_a_client_signing_with_the_wrong_key(
    cis2: Any, sso_sign_in: Callable[..., Any]
) -> None:
    from joserfc.jwk import RSAKey

    local, key_file = cis2
    key_file.write_bytes(RSAKey.generate_key(2048).as_pem(private=True))
    browser = Client()
    refused(sso_sign_in(browser, "cis2"), "provider-error")
    assert local.authenticated_clients == []
    assert not signed_in(browser) and not User.objects.exists()


# Local passwords switched off -------------------------------------------------------------------


def test_without_local_passwords_the_sign_in_page_offers_only_single_sign_on(
    oidc: LocalProvider, settings: Any, make_user: Callable[..., Any], client: Client
) -> None:
    settings.LOCAL_PASSWORDS = False
    user = make_user()
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'action="/accounts/sso/nhsmail/"' in page
    assert 'name="password"' not in page and "Forgotten your password?" not in page
    response = client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 403 and not signed_in(client)
    assert client.get("/accounts/password-reset/").status_code == 404


def test_with_local_passwords_both_ways_are_offered(oidc: LocalProvider, client: Client) -> None:
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'action="/accounts/sso/nhsmail/"' in page and 'name="password"' in page


def test_without_local_passwords_people_join_through_single_sign_on(
    oidc: LocalProvider, settings: Any, personas: dict[str, Any], client: Client
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from equityhub.people.models import Invitation

    settings.LOCAL_PASSWORDS = False
    assert client.get("/people/register/")["Location"] == "/accounts/sign-in/"
    invitation = Invitation.objects.create(
        email="new.person@nhs.net", expires_at=timezone.now() + timedelta(days=3)
    )
    url = f"/people/invitations/{invitation.token}/"
    response = client.get(url)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/sign-in/"
    assert parse_qs(location.query) == {"next": [url]}
    assert client_for_sso_user(personas).get(url).status_code == 200


def client_for_sso_user(personas: dict[str, Any]) -> Client:
    browser = Client()
    browser.force_login(personas["outsider"])
    return browser


def test_link_emails_to_one_account_are_limited(
    oidc: LocalProvider,
    sso_sign_in: Callable[..., Any],
    make_user: Callable[..., Any],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.THROTTLE_PER_ACCOUNT = "2/15m"
    make_user(email="sam.smith@nhs.net")
    for attempt in range(4):
        oidc.claims["oid"] = f"someone-{attempt}"
        with django_capture_on_commit_callbacks(execute=True):
            assert "Check your email" in sso_sign_in(Client()).content.decode()
    assert len(mail.outbox) == 2 and SsoLinkRequest.objects.count() == 2
