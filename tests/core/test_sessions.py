"""Session lifetime: idle and absolute timeouts, sign-out everywhere after a password change,
and no copies of signed-in pages or downloads in browser or proxy caches."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from equityhub.core.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = 60


def age_session(browser: Client, *, signed_in_ago: int, last_seen_ago: int) -> None:
    """Move the session's clock back, as if its owner had left the computer."""
    session = browser.session
    now = int(time.time())
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN_AT] = now - last_seen_ago
    session.save()


def is_signed_in(browser: Client) -> bool:
    return "_auth_user_id" in browser.session


@pytest.mark.parametrize(
    ("persona", "idle_minutes", "still_signed_in"),
    [
        ("administrator", 29, True),
        ("administrator", 31, False),
        ("owner", 31, True),
        ("owner", 121, False),
    ],
)
def test_an_idle_session_ends_sooner_for_privileged_people(
    personas: dict[str, Any],
    client_for: Callable[[Any], Client],
    persona: str,
    idle_minutes: int,
    still_signed_in: bool,
) -> None:
    browser = client_for(personas[persona])
    age_session(browser, signed_in_ago=idle_minutes * MINUTE, last_seen_ago=idle_minutes * MINUTE)
    response = browser.get("/notifications/")
    assert is_signed_in(browser) is still_signed_in
    assert (response.status_code == 200) is still_signed_in


def test_a_stolen_idle_session_cannot_reach_the_cms(
    personas: dict[str, Any], client_for: Callable[[Any], Client]
) -> None:
    browser = client_for(personas["administrator"])
    age_session(browser, signed_in_ago=40 * MINUTE, last_seen_ago=31 * MINUTE)
    response = browser.get("/cms/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def test_the_idle_timeout_is_configurable(
    personas: dict[str, Any], client_for: Callable[[Any], Client], settings: Any
) -> None:
    settings.SESSION_IDLE_MINUTES_PRIVILEGED = 5
    browser = client_for(personas["administrator"])
    age_session(browser, signed_in_ago=6 * MINUTE, last_seen_ago=6 * MINUTE)
    browser.get("/")
    assert not is_signed_in(browser)


def test_a_busy_session_still_ends_at_its_absolute_lifetime(
    personas: dict[str, Any], client_for: Callable[[Any], Client], settings: Any
) -> None:
    browser = client_for(personas["owner"])
    hours = settings.SESSION_MAX_AGE_HOURS
    age_session(browser, signed_in_ago=hours * 3600 + MINUTE, last_seen_ago=MINUTE)
    page = browser.get("/", follow=True)
    assert not is_signed_in(browser)
    assert f"signed out after {hours} hours" in page.content.decode()


def test_activity_keeps_a_session_going(
    personas: dict[str, Any], client_for: Callable[[Any], Client]
) -> None:
    browser = client_for(personas["administrator"])
    for _ in range(3):  # three visits, each 20 minutes after the last: never 30 idle
        age_session(browser, signed_in_ago=90 * MINUTE, last_seen_ago=20 * MINUTE)
        assert browser.get("/").status_code == 200
        assert is_signed_in(browser)
        assert int(time.time()) - browser.session[LAST_SEEN_AT] < MINUTE


def test_the_session_cookie_does_not_outlive_the_absolute_lifetime(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_AGE_HOURS * 3600
    assert settings.SESSION_COOKIE_AGE < 14 * 24 * 3600


def _reset_password(email: str, new_password: str, mailoutbox: list[Any]) -> None:
    browser = Client()
    browser.post("/accounts/password-reset/", {"email": email})
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    form_page = browser.get(link.group(1), follow=True)
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302, done.content


def test_a_password_change_signs_out_every_other_session(
    make_user: Callable[..., Any], mailoutbox: list[Any]
) -> None:
    owner = make_user()
    stolen = Client()
    signed_in = stolen.post("/accounts/sign-in/", {"email": owner.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert stolen.get("/notifications/").status_code == 200
    _reset_password(owner.email, "a new and much longer passphrase", mailoutbox)
    response = stolen.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


# Cache-Control --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/notifications/", "/people/", "/induction/plan/induction-pack.pdf"],
)
def test_signed_in_pages_and_downloads_are_not_stored(
    personas: dict[str, Any], client_for: Callable[[Any], Client], path: str
) -> None:
    response = client_for(personas["owner"]).get(path)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_an_api_call_with_a_key_is_not_stored(client: Client) -> None:
    response = client.get("/api/people/systems", HTTP_AUTHORIZATION="Bearer ehk_not-a-key")
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_may_be_cached(client: Client) -> None:
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
