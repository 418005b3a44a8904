"""Registration does not tell whether an address already has an account, not even by its speed.

Registering a new address hashed the password and a known one did not: 0.29 s against 0.01 s
told an attacker which NHS addresses had accounts. Now both paths do the same work (one password
hash, one email) and give the same answer; the owner of the known address is told by email.
Timing itself is not measured here (flaky on shared machines): the work that makes it is.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from equityhub.core.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, noting each password it hashes."""

    hashed: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.hashed.append(password)
        return super().encode(password, salt)


def register(email: str, capture: Any) -> Any:
    form = {"full_name": "A Person", "email": email, "password": "a long enough passphrase"}
    with capture(execute=True):
        return Client().post(reverse("people:register"), form)


def test_a_known_and_a_new_address_cost_the_same_and_get_the_same_answer(
    make_user: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    known = make_user(email="known@nhs.net")
    work = {}
    for email in ("fresh@nhs.net", "known@nhs.net"):
        CountingHasher.hashed.clear()
        mail.outbox.clear()
        response = register(email, django_capture_on_commit_callbacks)
        work[email] = {
            "status": response.status_code,
            "next": response["Location"],
            "hashes": len(CountingHasher.hashed),
            "emails to": [message.to for message in mail.outbox],
        }
    sent = reverse("people:register-sent")
    assert work["fresh@nhs.net"] == {
        "status": 302, "next": sent, "hashes": 1, "emails to": [["fresh@nhs.net"]],
    }  # fmt: skip
    assert work["known@nhs.net"] == {
        "status": 302, "next": sent, "hashes": 1, "emails to": [["known@nhs.net"]],
    }  # fmt: skip
    known.refresh_from_db()
    assert known.check_password(PASSWORD), "the existing account is left as it was"
    assert User.objects.filter(email__iexact="known@nhs.net").count() == 1


def test_the_owner_of_a_known_address_gets_a_notice_not_a_new_account(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_user(email="known@nhs.net")
    register("known@nhs.net", django_capture_on_commit_callbacks)
    (notice,) = mail.outbox
    assert notice.subject == "You already have an Equity Hub account"
    assert "/accounts/password-reset/" in notice.body
    assert "/people/register/confirm/" not in notice.body


def test_the_page_after_registering_reads_the_same_either_way(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_user(email="known@nhs.net")
    pages = []
    for email in ("fresh@nhs.net", "known@nhs.net"):
        browser = Client()
        form = {"full_name": "A Person", "email": email, "password": "a long enough passphrase"}
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(browser.post(reverse("people:register"), form, follow=True))
    first, second = (_without_per_request_values(page.content.decode()) for page in pages)
    assert pages[0].status_code == pages[1].status_code == 200
    assert first == second


def _without_per_request_values(html: str) -> str:
    """The page less what differs on every request anyway (CSP nonce, CSRF token)."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
