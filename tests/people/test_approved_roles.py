"""A person's approved roles are read once and kept, yet never out of date in this process."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from equityhub.people.models import Membership
from equityhub.people.permissions import approved_roles, is_lead_of, is_team_member_of

pytestmark = pytest.mark.django_db


def test_roles_are_read_once(personas: dict[str, Any], organisation: Any) -> None:
    owner = personas["owner"]
    with CaptureQueriesContext(connection) as queries:
        assert is_lead_of(owner, organisation)
        assert is_team_member_of(owner, organisation)
        assert approved_roles(owner) == {organisation: frozenset({"lead"})}
    assert len(queries) == 1


def test_a_change_through_another_object_is_seen(
    personas: dict[str, Any], organisation: Any
) -> None:
    owner = personas["owner"]
    assert is_lead_of(owner, organisation)
    membership = Membership.objects.get(user_id=owner.pk, organisation=organisation)
    membership.status = "ended"
    membership.save()
    assert not is_lead_of(owner, organisation)
    Membership.objects.create(
        user_id=owner.pk, organisation=organisation, role="team_member", status="approved"
    )
    assert is_team_member_of(owner, organisation) and not is_lead_of(owner, organisation)
    Membership.objects.filter(user_id=owner.pk, status="approved").get().delete()
    assert approved_roles(owner) == {}
