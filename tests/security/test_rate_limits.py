"""Request rates for the API and the forms that send email: django-ninja's throttle on a cache
that every worker shares (a database table here; Redis when REDIS_URL is set)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from equityhub.core.throttle import THROTTLE_CACHE
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SYSTEMS = "/api/people/systems"


def test_the_api_answers_429_past_its_rate_per_address(settings: Any) -> None:
    settings.API_THROTTLE_RATE = "3/m"
    scraper = Client(REMOTE_ADDR="203.0.113.5")
    answers = [scraper.get(SYSTEMS).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="198.51.100.5").get(SYSTEMS).status_code == 200


def test_the_api_counts_a_signed_in_person_wherever_they_call_from(
    settings: Any, personas: dict[str, Any]
) -> None:
    settings.API_THROTTLE_RATE = "2/m"
    answers = []
    for n in range(3):
        browser = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        browser.force_login(personas["owner"])
        answers.append(browser.get(SYSTEMS).status_code)
    assert answers == [200, 200, 429]


def test_api_counts_are_kept_in_the_shared_store(settings: Any) -> None:
    settings.API_THROTTLE_RATE = "1/m"
    assert Client(REMOTE_ADDR="203.0.113.5").get(SYSTEMS).status_code == 200
    caches["default"].clear()  # one worker's own memory: the count is not kept there
    assert Client(REMOTE_ADDR="203.0.113.5").get(SYSTEMS).status_code == 429
    assert settings.CACHES[THROTTLE_CACHE]["BACKEND"].endswith(("DatabaseCache", "RedisCache"))


def test_registration_from_a_shared_address_is_limited_per_address_only_when_heavy(
    settings: Any,
) -> None:
    settings.THROTTLE_PER_ACCOUNT = "1/15m"
    settings.THROTTLE_PER_ADDRESS = "3/h"
    browser = Client(REMOTE_ADDR="192.0.2.10")
    form = {"full_name": "A Person", "password": "a long enough passphrase"}
    answers = [
        browser.post("/people/register/", {**form, "email": f"colleague{n}@nhs.net"}).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 302, 400]
    again = browser.post("/people/register/", {**form, "email": "colleague0@nhs.net"})
    assert "Too many registration attempts" in again.content.decode()


def test_guessing_the_password_on_the_email_confirmation_page_is_limited(
    make_user: Any, settings: Any
) -> None:
    """The confirmation page checks a password too, so it must not be a way round sign-in's."""
    from equityhub.people.services_accounts import verification_token

    settings.THROTTLE_PER_ACCOUNT = "2/15m"
    pending = make_user(is_active=False, email_verified=False)
    page = f"/people/register/confirm/{verification_token(pending)}/"
    for n in range(2):
        wrong = Client(REMOTE_ADDR=f"203.0.113.{n + 1}").post(page, {"password": "a guess"})
        assert "The password is not right" in wrong.content.decode()
    right = Client(REMOTE_ADDR="203.0.113.9").post(page, {"password": PASSWORD})
    assert "Too many attempts" in right.content.decode()
    pending.refresh_from_db()
    assert not pending.email_verified


def test_wrong_api_keys_cannot_be_tried_faster_than_the_api_rate(settings: Any) -> None:
    settings.API_THROTTLE_RATE = "3/m"
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    answers = [
        guesser.get(
            "/api/indicators/pipeline/results", HTTP_AUTHORIZATION=f"Bearer ehk_guess{n}"
        ).status_code
        for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]
