"""Fixtures shared by the platform's tests: people in each persona, and their clients.

Personas (the access matrix uses these names):
- anonymous: not signed in
- outsider: signed in, no role in the thing being looked at
- member: signed in, an approved team member of the organisation (or member of the space)
- owner: signed in, the organisation's approved lead (or owner of the record)
- administrator: superuser
- board (the `board_member` fixture, kept apart so other tests' counts do not change): signed in,
  an approved board member (chair) of the organisation, who reads and changes nothing
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import TransactionTestCase
from hypothesis import settings as hypothesis_settings

from tests.database_template import (
    drop_pristine_copy,
    keep_pristine_copy,
    migrations_from_template,
    restore_pristine_copy,
)

# In CI, property tests draw the same examples every run: a failure there is reproducible,
# never a flake of the random draw. Locally they explore new examples each time.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

PASSWORD = "correct horse battery staple"


DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use the test database, and those that commit for real.

    `database`: the test asks for the database (a `django_db` mark, or a fixture that needs
    `db`, such as `make_user`); `make test-fast` leaves these out. A test without it that
    touched the database would fail, so the mark cannot miss one.

    `transactional`: each commits for real; its database is put back as it was made after it
    (`_put_back_as_made` below), so they run among the others."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        if marker is not None or "live_server" in fixtures or DATABASE_FIXTURES & set(fixtures):
            item.add_marker(pytest.mark.database)
        if (
            "live_server" in fixtures
            or "transactional_db" in fixtures
            or (marker is not None and marker.kwargs.get("transaction"))
        ):
            item.add_marker(pytest.mark.transactional)


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_longest_first(items: list[pytest.Item]) -> None:
    """Order the files so that parallel workers finish together: those holding a `slow` test
    first, by path, then the others by number of tests, most first.
    pytest-xdist, given `--no-loadscope-reorder`, hands out the files in this order; its own
    reordering by count, after pytest-django's putting every test that commits last, put single
    long tests such as the demo crawl at the very end, run by one worker while the other
    waited. (Tests that commit need not come last here: the database is put back after each.)"""
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def weight(path: str) -> tuple[bool, int, str]:
        slow = any(test.get_closest_marker("slow") for test in files[path])
        return (not slow, 0 if slow else -len(files[path]), path)

    items[:] = [item for path in sorted(files, key=weight) for item in files[path]]


# pytest-django's guard against database access outside tests, kept when the database is made.
_blocker: list[Any] = []
_empty_database = TransactionTestCase._fixture_teardown


def _put_back_as_made(self: TransactionTestCase) -> None:
    """After a test that committed, the database as it was made (migrations' rows and all) for
    the next test on this worker, where a copy was kept. Django empties it instead, which takes
    longer than copying it back (seconds on PostgreSQL) and leaves out those rows."""
    if _blocker:
        with _blocker[0].unblock():
            if restore_pristine_copy():
                return
    _empty_database(self)


TransactionTestCase._fixture_teardown = _put_back_as_made  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, made; a copy of it is kept (in memory on SQLite, on the server on
    PostgreSQL) to put back after each test that commits."""
    _blocker[:] = [django_db_blocker]
    with django_db_blocker.unblock():
        keep_pristine_copy()
    yield
    with django_db_blocker.unblock():
        drop_pristine_copy()


_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Just before the test databases are made: from a kept migrated copy where there is one."""
    migrations_from_template()


@pytest.fixture(autouse=True)
def _platform_defaults(request: pytest.FixtureRequest) -> None:
    """Fast password hashing and an empty cache for every platform test.

    The statistics tests run without Django, so they are left alone.
    """
    if "stats" in request.node.path.parts:
        return
    from django.core.cache import cache

    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files go to a folder of this test process's own (tests run in parallel).
    settings.MEDIA_ROOT = str(request.getfixturevalue("_media_root"))
    cache.clear()


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def make_user(db: None) -> Callable[..., Any]:
    from equityhub.core.models import User

    def make(**fields: Any) -> User:
        n = next(_counter)
        fields.setdefault("email", f"person{n}@example.nhs.uk")
        fields.setdefault("full_name", f"Person {n}")
        fields.setdefault("email_verified", True)
        return User.objects.create_user(password=PASSWORD, **fields)

    return make


@pytest.fixture
def organisation(db: None) -> Any:
    from equityhub.people.models import Organisation, Region, System

    region = Region.objects.create(code="Y99", ons_code="E40000099", name="Test region")
    system = System.objects.create(
        code="Q99", ons_code="E54000099", name="Test Integrated Care Board", region=region
    )
    return Organisation.objects.create(
        code="RZZ", name="Test Hospitals NHS Trust", kind="trust", system=system, region=region
    )


def _approved(user: Any, organisation: Any, role: str) -> Any:
    from equityhub.people.models import Membership

    return Membership.objects.create(
        user=user, organisation=organisation, role=role, status="approved"
    )


@pytest.fixture
def personas(make_user: Callable[..., Any], organisation: Any) -> dict[str, Any]:
    """One user per persona around `organisation` (anonymous is None)."""
    owner = make_user(full_name="Olivia Owner")
    member = make_user(full_name="Mo Member")
    _approved(owner, organisation, "lead")
    _approved(member, organisation, "team_member")
    return {
        "anonymous": None,
        "outsider": make_user(full_name="Otto Outsider"),
        "member": member,
        "owner": owner,
        "administrator": make_user(full_name="Ada Admin", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def board_member(make_user: Callable[..., Any], organisation: Any) -> Any:
    """The organisation's chair: an approved, read-only board member."""
    chair = make_user(full_name="Bea Board")
    _approved(chair, organisation, "board")
    return chair


@pytest.fixture
def client_for(client: Any) -> Callable[[Any], Any]:
    """A test client signed in as the given user (or anonymous for None)."""
    from django.test import Client

    def signed_in(user: Any) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
            _second_factor_confirmed(c, user)
        return c

    return signed_in


def _second_factor_confirmed(c: Any, user: Any) -> None:
    """Administrators and editors must confirm a second factor: these personas have done so."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from equityhub.people.mfa.services import is_privileged

    if not is_privileged(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = c.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
