"""The induction world: the shipped catalogue, a lead, another lead and a content editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group

ANSWERS = {
    "post": "executive",
    "time_in_role": "new",
    "background": "clinical",
    "organisation_type": "acute_trust",
    "time_available": "some",
    "maturity_public_health": "emerging",
    "maturity_data": "developing",
    "maturity_leadership": "developing",
    "maturity_partnerships": "maturing",
    "board_roles_clear": "no",
    "wants_buddy": "yes",
    "learning_preference": "both",
}


@pytest.fixture
def catalogue(db: None) -> None:
    from equityhub.induction.catalogue import load_catalogue

    load_catalogue()


@pytest.fixture
def editor(make_user: Callable[..., Any]) -> Any:
    user = make_user(full_name="Eddie Editor")
    user.groups.add(Group.objects.get_or_create(name="Content editors")[0])
    return user


@pytest.fixture
def lead(make_user: Callable[..., Any], catalogue: None) -> Any:
    return make_user(full_name="Lara Lead")


@pytest.fixture
def other_lead(make_user: Callable[..., Any]) -> Any:
    return make_user(full_name="Oscar Other")
