"""The conformance stage: the demo is loaded once, then every format the platform writes is
read by independent software (run by `make test-conformance`, not by `make test`)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from equityhub.core.models import User
from tests.conftest import _second_factor_confirmed

SIGN_IN = re.compile(r"^Demo sign-in \((?P<role>[^)]+)\): (?P<email>\S+) / ")
_ROLES: dict[str, str] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo, loaded once for the whole stage (it takes a minute or two)."""
    printed = io.StringIO()
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("demo", stdout=printed)
    for line in printed.getvalue().splitlines():
        if found := SIGN_IN.match(line):
            _ROLES[found["role"]] = found["email"]
    yield


@pytest.fixture
def demo_user(db: None) -> Any:
    def get(role: str) -> User:
        return User.objects.get(email=_ROLES[role])

    return get


@pytest.fixture
def client_as(demo_user: Any) -> Any:
    def signed_in(role: str | None) -> Client:
        client = Client(raise_request_exception=False)
        if role is not None:
            user = demo_user(role)
            client.force_login(user)
            _second_factor_confirmed(client, user)
        return client

    return signed_in
