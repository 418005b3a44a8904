"""Sign-in throttling (django-axes): each attack on the old per-address counter, now harmless.

The old throttle counted failures per address in each worker's memory: a trust's shared address
(or the reverse proxy) locked out everyone after a few wrong passwords, an attacker's own
successful sign-in wiped the count, a password reset did not lift a lock, and four workers
allowed four times the limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.test import Client, RequestFactory

from equityhub.core.audit import client_ip
from equityhub.core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
SHARED_ADDRESS = "192.0.2.10"  # one NHS network's address, shared by many staff


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ACCOUNT_ATTEMPTS = 6


def sign_in(email: str, password: str, address: str = SHARED_ADDRESS, **meta: str) -> Any:
    return Client().post(
        SIGN_IN, {"email": email, "password": password}, REMOTE_ADDR=address, **meta
    )


def fail(email: str, times: int, address: str = SHARED_ADDRESS) -> None:
    for _ in range(times):
        assert sign_in(email, "a wrong guess", address).status_code in (400, 429)


def test_a_locked_account_is_refused_even_with_the_right_password(make_user: Any) -> None:
    victim = make_user()
    fail(victim.email, 3)
    locked = sign_in(victim.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "Retry-After" in locked.headers


def test_one_accounts_failures_do_not_lock_out_others_at_the_same_address(
    make_user: Any,
) -> None:
    victim, colleague = make_user(), make_user()
    fail(victim.email, 3)
    assert sign_in(colleague.email, PASSWORD).status_code == 302


def test_wrong_passwords_for_many_accounts_lock_out_nobody_at_that_address(
    make_user: Any,
) -> None:
    colleague = make_user()
    for n in range(25):
        fail(f"guess{n}@nhs.net", 1)
    assert sign_in(colleague.email, PASSWORD).status_code == 302


def test_an_account_locked_at_one_address_can_still_sign_in_from_another(
    make_user: Any,
) -> None:
    victim = make_user()
    fail(victim.email, 3, address="203.0.113.66")
    assert sign_in(victim.email, PASSWORD, address="198.51.100.20").status_code == 302


def test_guessing_spread_over_many_addresses_locks_the_account_everywhere(
    make_user: Any,
) -> None:
    victim = make_user()
    for n in range(3):
        fail(victim.email, 2, address=f"203.0.113.{n + 1}")
    assert sign_in(victim.email, PASSWORD, address="198.51.100.20").status_code == 429


def test_an_attackers_own_sign_in_does_not_reset_the_victims_count(make_user: Any) -> None:
    victim, attacker = make_user(), make_user()
    fail(victim.email, 2)
    assert sign_in(attacker.email, PASSWORD).status_code == 302
    fail(victim.email, 1)
    assert sign_in(victim.email, PASSWORD).status_code == 429


def test_the_count_is_shared_by_every_worker(make_user: Any) -> None:
    """Failures are stored in the database, not in one process's memory."""
    victim = make_user()
    fail(victim.email, 3)
    caches["default"].clear()  # what a different worker's memory would hold: nothing
    assert AccessAttempt.objects.filter(username=victim.email).exists()
    assert sign_in(victim.email, PASSWORD).status_code == 429


def test_forged_forwarded_addresses_do_not_escape_the_lock_behind_a_proxy(
    make_user: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    victim = make_user()
    proxy = "10.0.0.5"
    for n in range(3):
        forged = f"198.51.100.{n + 1}, {SHARED_ADDRESS}"
        sign_in(victim.email, "a wrong guess", proxy, HTTP_X_FORWARDED_FOR=forged)
    again = sign_in(
        victim.email, PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.99, {SHARED_ADDRESS}"
    )
    assert again.status_code == 429


def test_behind_a_proxy_colleagues_are_told_apart_by_their_forwarded_address(
    make_user: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    victim = make_user()
    for _ in range(3):
        sign_in(victim.email, "a wrong guess", "10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.7")
    elsewhere = sign_in(victim.email, PASSWORD, "10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.5"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 198.51.100.1", "203.0.113.9"),
        (1, "", "10.0.0.5"),
    ],
)
def test_the_client_address_is_taken_at_the_configured_proxy_depth(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)
    assert client_ip(request) == expected


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_a_completed_password_reset_lifts_the_lock(
    make_user: Any, mailoutbox: list[Any], settings: Any
) -> None:
    victim = make_user()
    fail(victim.email, 3, address="203.0.113.1")
    fail(victim.email, 3, address="203.0.113.2")
    browser = Client(REMOTE_ADDR=SHARED_ADDRESS)
    browser.post("/accounts/password-reset/", {"email": victim.email})
    form_page = browser.get(_reset_link(mailoutbox[-1].body), follow=True)
    new_password = "a brand new long passphrase"
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302, done.content
    assert not AccessAttempt.objects.filter(username=victim.email).exists()
    assert sign_in(victim.email, new_password, address="203.0.113.1").status_code == 302
    assert AuditEvent.objects.filter(action="sign-in-lockout-lifted").exists()


# Administrators see lockouts and lift them -------------------------------------------------

ADMIN_LIST = "/django-admin/axes/accessattempt/"


def test_an_administrator_sees_lockouts_and_unlocks_an_account(
    make_user: Any, personas: dict[str, Any], client_for: Callable[[Any], Client]
) -> None:
    victim = make_user()
    fail(victim.email, 3)
    admin = client_for(personas["administrator"])
    listing = admin.get(ADMIN_LIST)
    assert listing.status_code == 200
    assert victim.email in listing.content.decode()
    chosen = list(AccessAttempt.objects.filter(username=victim.email).values_list("pk", flat=True))
    response = admin.post(ADMIN_LIST, {"action": "unlock", "_selected_action": chosen})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=victim.email).exists()
    assert sign_in(victim.email, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="sign-in-lockout-lifted")
    assert event.actor == personas["administrator"]


@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "anonymous"])
def test_nobody_else_sees_or_lifts_lockouts(
    make_user: Any,
    personas: dict[str, Any],
    client_for: Callable[[Any], Client],
    persona: str,
) -> None:
    victim = make_user()
    fail(victim.email, 3)
    browser = client_for(personas[persona])
    listing = browser.get(ADMIN_LIST)
    assert listing.status_code == 302
    assert victim.email not in listing.content.decode()
    chosen = list(AccessAttempt.objects.values_list("pk", flat=True))
    browser.post(ADMIN_LIST, {"action": "unlock", "_selected_action": chosen})
    assert AccessAttempt.objects.filter(username=victim.email).exists()
    assert sign_in(victim.email, PASSWORD).status_code == 429
