"""A person's kept standing (permissions, groups, authenticator app) is never out of date.

Each check reads the person anew, as each request does, with the cache kept between reads: a
change made any way (either side of the relation, a group's permissions, a device) must show
at once, and an object read before the change must not undo it by saving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.access import is_privileged
from equityhub.core.models import User
from equityhub.core.standing import in_group, standing
from equityhub.people.models import GlobalRole

pytestmark = pytest.mark.django_db
EDITORS = GlobalRole.CONTENT_EDITOR


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def person(make_user: Callable[..., Any]) -> User:
    return make_user()


@pytest.fixture
def cms_group() -> Group:
    group = Group.objects.create(name="Made up later")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def test_a_kept_standing_is_read_with_no_query(person: User) -> None:
    standing(fresh(person))
    again = fresh(person)
    with CaptureQueriesContext(connection) as queries:
        assert not in_group(again, EDITORS)
        assert not is_privileged(again)
        assert not standing(again).second_factor
    assert len(queries) == 0


@pytest.mark.parametrize("side", ["person", "group"])
def test_joining_and_leaving_a_group_shows_at_once(person: User, side: str) -> None:
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    assert not in_group(fresh(person), EDITORS)
    (person.groups.add(editors) if side == "person" else editors.user_set.add(person))
    assert in_group(fresh(person), EDITORS)
    (person.groups.remove(editors) if side == "person" else editors.user_set.remove(person))
    assert not in_group(fresh(person), EDITORS)
    editors.user_set.add(person)
    editors.user_set.clear()
    assert not in_group(fresh(person), EDITORS)


def test_a_groups_permissions_change_for_everyone_in_it(person: User, cms_group: Group) -> None:
    cms_group.user_set.add(person)
    assert is_privileged(fresh(person))
    cms_group.permissions.clear()
    assert not is_privileged(fresh(person))
    cms_group.permissions.add(Permission.objects.get(codename="access_admin"))
    assert is_privileged(fresh(person))
    cms_group.delete()
    assert not is_privileged(fresh(person))


def test_own_permissions_change_at_once(person: User) -> None:
    access = Permission.objects.get(codename="access_admin")
    person.user_permissions.add(access)
    assert fresh(person).has_perm("wagtailadmin.access_admin")
    access.user_set.remove(person)
    assert not fresh(person).has_perm("wagtailadmin.access_admin")


def test_an_authenticator_app_counts_once_confirmed_and_not_after_removal(person: User) -> None:
    device = TOTPDevice.objects.create(user=person, name="app", confirmed=False)
    assert not standing(fresh(person)).second_factor
    device.confirmed = True
    device.save()
    assert standing(fresh(person)).second_factor
    device.delete()
    assert not standing(fresh(person)).second_factor


def test_an_object_read_before_a_change_cannot_undo_it_by_saving(
    person: User, cms_group: Group
) -> None:
    cms_group.user_set.add(person)
    stale = fresh(person)
    assert is_privileged(stale)  # kept under the number `stale` holds
    cms_group.user_set.remove(person)
    stale.full_name = "Renamed"
    stale.save()  # would put back the number under which the privileged standing is kept
    assert not is_privileged(fresh(person))
    assert fresh(person).full_name == "Renamed"


def test_the_same_object_sees_its_own_change(person: User) -> None:
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    assert not in_group(person, EDITORS)
    person.groups.add(editors)
    assert in_group(person, EDITORS)
