"""`equityhub demo`: refuses without DEBUG; loading twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    # Sign-in and audit bookkeeping aside, every table must be unchanged by a second load.
    skipped = {"core.auditevent", "sessions.session"}
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in skipped and model._meta.managed
    }


def test_demo_refuses_when_debug_is_off(settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("demo")


@pytest.mark.slow
def test_demo_prints_one_sign_in_per_role_and_is_idempotent(settings: Any) -> None:
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "a-demo-password-for-tests"
    first = io.StringIO()
    call_command("demo", stdout=first)
    lines = [line for line in first.getvalue().splitlines() if line.startswith("Demo sign-in (")]
    roles = {line.split("(")[1].split(")")[0] for line in lines}
    assert {"lead", "team member", "partner", "facilitator", "content editor", "administrator"} <= {
        role.lower() for role in roles
    }
    assert all(line.endswith(" / a-demo-password-for-tests") for line in lines)
    before = _row_counts()
    call_command("demo", stdout=io.StringIO())
    assert _row_counts() == before
