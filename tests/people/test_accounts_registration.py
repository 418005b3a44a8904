"""Self-registration: allowed email domains, verification by emailed link, no account leaks."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from equityhub.core.models import AuditEvent, User
from equityhub.people import services_accounts
from equityhub.people.services_accounts import LinkProblem
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def register(email: str = "new.person@nhs.net", **kwargs: Any) -> User | None:
    fields = {"full_name": "New Person", "password": PASSWORD, **kwargs}
    return services_accounts.account_register(email=email, **fields)


def link_in(message: Any) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("someone@nhs.net", True),
        ("Someone@NHS.NET", True),
        ("someone@x.nhs.uk", True),
        ("someone@trust.nhs.uk", True),
        ("someone@a.b.nhs.uk", True),
        ("someone@gmail.com", False),
        ("someone@nhs.uk.evil.com", False),
        ("someone@evilnhs.uk", False),
        ("someone@nhs.uk", False),  # "*.nhs.uk" means a subdomain of nhs.uk
        ("someone@sub.nhs.net", False),  # "nhs.net" means exactly nhs.net
        ("someone@nhs.net.evil.com", False),
    ],
)
def test_email_domain_rules(email: str, allowed: bool) -> None:
    assert services_accounts.domain_allowed(email) is allowed


def test_domains_come_from_settings(settings: Any) -> None:
    settings.SELF_REGISTRATION_DOMAINS = ["example.org"]
    assert services_accounts.domain_allowed("a@example.org")
    assert not services_accounts.domain_allowed("a@nhs.net")


def test_disallowed_domain_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValidationError) as caught:
        register("someone@gmail.com")
    assert caught.value.message_dict["email"] == [
        "Use your NHS email address (ending nhs.net or nhs.uk)"
    ]
    assert not User.objects.exists()


def test_weak_password_is_refused_by_django_validators() -> None:
    with pytest.raises(ValidationError) as caught:
        register(password="password")
    assert "password" in caught.value.message_dict
    assert not User.objects.exists()


def test_missing_name_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        register(full_name="  ")
    assert caught.value.message_dict["full_name"] == ["Enter your full name"]


def test_new_account_cannot_sign_in_until_verified(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        user = register()
    assert user is not None
    assert not user.is_active and not user.email_verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@nhs.net"]
    assert "/people/register/confirm/" in mail.outbox[0].body
    client = Client()
    refused = client.post(
        reverse("core:sign-in"), {"email": "new.person@nhs.net", "password": PASSWORD}
    )
    assert refused.status_code == 400
    assert AuditEvent.objects.filter(action="account-registered", target_id=str(user.pk)).exists()


def test_verification_link_works_once(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        register()
    link = link_in(mail.outbox[0])
    client = Client()
    shown = client.get(link)
    assert shown.status_code == 200
    assert "Confirm my email address" in shown.content.decode()
    assert not User.objects.get().email_verified  # a GET (an email scanner) changes nothing
    confirmed = client.post(link, {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("core:sign-in")
    user = User.objects.get()
    assert user.is_active and user.email_verified
    again = client.post(link, {"password": PASSWORD})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    signed_in = client.post(
        reverse("core:sign-in"), {"email": "new.person@nhs.net", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert AuditEvent.objects.filter(action="email-verified").count() == 1


def test_tampered_verification_link_is_not_found() -> None:
    user = register()
    assert user is not None
    token = services_accounts.verification_token(user)
    with pytest.raises(LinkProblem) as caught:
        services_accounts.email_verify(token=token[:-2] + "xx", password=PASSWORD)
    assert caught.value.status == 404
    response = Client().get(reverse("people:verify-email", args=[token + "x"]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_expired_verification_link_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    user = register()
    assert user is not None
    token = services_accounts.verification_token(user)
    monkeypatch.setattr(services_accounts, "VERIFY_MAX_AGE", datetime.timedelta(seconds=-1))
    with pytest.raises(LinkProblem) as caught:
        services_accounts.email_verify(token=token, password=PASSWORD)
    assert caught.value.status == 410
    assert "expired" in caught.value.message
    assert not User.objects.get().email_verified


def test_link_for_a_changed_email_does_not_work() -> None:
    user = register()
    assert user is not None
    token = services_accounts.verification_token(user)
    User.objects.filter(pk=user.pk).update(email="other@nhs.net")
    with pytest.raises(LinkProblem):
        services_accounts.email_verify(token=token, password=PASSWORD)


def test_verifying_needs_the_password_chosen_when_registering() -> None:
    user = register()
    assert user is not None
    token = services_accounts.verification_token(user)
    with pytest.raises(ValidationError) as caught:
        services_accounts.email_verify(token=token, password="not the password")
    assert "The password is not right" in caught.value.message_dict["password"][0]
    response = Client().post(
        reverse("people:verify-email", args=[token]), {"password": "not the password"}
    )
    assert response.status_code == 400
    assert "The password is not right" in response.content.decode()
    assert not User.objects.get().email_verified


def test_a_stranger_who_registered_first_cannot_keep_the_account() -> None:
    stranger = register(full_name="Not Me", password="stranger's own pass phrase")
    assert stranger is not None
    strangers_link = services_accounts.verification_token(stranger)
    register(full_name="Real Owner")  # the mailbox owner registers too, with their password
    owner = User.objects.get()
    assert owner.full_name == "Real Owner" and owner.check_password(PASSWORD)
    with pytest.raises(LinkProblem, match="replaced by a newer one"):
        services_accounts.email_verify(token=strangers_link, password="stranger's own pass phrase")
    verified = services_accounts.email_verify(
        token=services_accounts.verification_token(owner), password=PASSWORD
    )
    assert verified.email_verified and verified.is_active


def test_existing_email_is_not_revealed(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    existing = make_user(email="known@nhs.net")
    with django_capture_on_commit_callbacks(execute=True):
        result = register("Known@nhs.net")
    assert result is None
    assert User.objects.filter(email__iexact="known@nhs.net").count() == 1
    assert mail.outbox[0].subject == "You already have an Equity Hub account"
    assert "/accounts/password-reset/" in mail.outbox[0].body
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # nothing about the account changed


def test_unverified_existing_account_gets_a_new_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    register()
    with django_capture_on_commit_callbacks(execute=True):
        assert register() is None
    assert "/people/register/confirm/" in mail.outbox[0].body


def test_registration_is_throttled(settings: Any) -> None:
    settings.THROTTLE_PER_ACCOUNT = "2/15m"
    register("a@nhs.net")
    register("a@nhs.net")
    with pytest.raises(ValidationError, match="Too many registration attempts"):
        register("a@nhs.net")


# The page ------------------------------------------------------------------------------------


def test_register_page_same_answer_for_new_and_existing_email(make_user: Any) -> None:
    make_user(email="known@nhs.net")
    client = Client()
    form = {"full_name": "A Person", "password": PASSWORD}
    new = client.post(reverse("people:register"), {**form, "email": "fresh@nhs.net"})
    known = client.post(reverse("people:register"), {**form, "email": "known@nhs.net"})
    assert new.status_code == known.status_code == 302
    assert new.url == known.url == reverse("people:register-sent")


def test_register_page_shows_errors_and_saves_nothing() -> None:
    response = Client().post(
        reverse("people:register"),
        {"full_name": "A Person", "email": "me@gmail.com", "password": PASSWORD},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Use your NHS email address (ending nhs.net or nhs.uk)" in page
    assert 'href="#id_email"' in page
    assert not User.objects.exists()


def test_register_page_empty_form_names_each_field() -> None:
    response = Client().post(reverse("people:register"), {})
    page = response.content.decode()
    assert response.status_code == 400
    for message in ("Enter your full name", "Enter your NHS email address", "Create a password"):
        assert message in page


def test_signed_in_people_are_sent_home_from_register(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user())
    assert client.get(reverse("people:register")).status_code == 302
