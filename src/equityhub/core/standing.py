"""A person's standing: their permissions, groups and whether they have an authenticator app.

Every signed-in page asks these (the idle limit, the second-factor check, the navigation), which
took six small queries a request. They are read in one query and kept in the cache under the
person's `access_version`, a number on their row that every change to them raises (the receivers
below), so a kept standing is never out of date: the row is read on every request anyway, and a
new number misses the cache. `core.backends.StandingBackend` answers `has_perm` from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import CharField, F, Q, Value
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.models import User

KEPT_SECONDS = 3600


@dataclass(frozen=True)
class Standing:
    permissions: frozenset[str]  # "app_label.codename", their own and their groups'
    groups: frozenset[str]
    second_factor: bool  # a confirmed authenticator app


def standing(user: User) -> Standing:
    """The person's standing, read once per request and kept between requests."""
    memo: Standing | None = getattr(user, "_standing", None)
    if memo is not None:
        return memo
    key = f"core:standing:{user.pk}:{user.access_version}"
    found = cache.get(key)
    if not isinstance(found, Standing):
        found = _read(user)
        cache.set(key, found, KEPT_SECONDS)
    user._standing = found  # type: ignore[attr-defined]
    return found


def _read(user: User) -> Standing:
    """One statement: the three parts as (kind, a, b) rows of a UNION ALL."""

    def text(value: str) -> Value:
        return Value(value, output_field=CharField())

    permissions = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .order_by()
        .values_list(text("p"), "content_type__app_label", "codename")
    )
    groups = Group.objects.filter(user=user).order_by().values_list(text("g"), "name", text(""))
    devices = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        .order_by()
        .values_list(text("d"), text(""), text(""))
    )
    rows = list(permissions.union(groups, devices, all=True).order_by())
    return Standing(
        permissions=frozenset(f"{a}.{b}" for kind, a, b in rows if kind == "p"),
        groups=frozenset(a for kind, a, _ in rows if kind == "g"),
        second_factor=any(kind == "d" for kind, _, _ in rows),
    )


def in_group(user: Any, *names: str) -> bool:
    """An active, signed-in person in any of these groups."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return not standing(user).groups.isdisjoint(names)


def standing_changed(user_ids: Iterable[int]) -> None:
    """Raise these people's `access_version`, so their kept standing is read again."""
    ids = set(user_ids)
    if ids:
        User.objects.filter(pk__in=ids).update(access_version=F("access_version") + 1)


# Receivers: every way a standing changes --------------------------------------------------------


def _members(groups: Iterable[int]) -> list[int]:
    return list(User.objects.filter(groups__in=list(groups)).values_list("pk", flat=True))


def _holders(permissions: Iterable[int]) -> list[int]:
    ids = list(permissions)
    return list(
        User.objects.filter(Q(user_permissions__in=ids) | Q(groups__permissions__in=ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _forget(instance: Any) -> None:
    """The in-memory person changed here reads their standing afresh too."""
    if isinstance(instance, User):
        instance.__dict__.pop("_standing", None)
        instance.refresh_from_db(fields=["access_version"])


CHANGES = frozenset({"post_add", "post_remove", "pre_clear"})


def _person_relation(whose: Callable[[list[int]], list[int]]) -> Callable[..., None]:
    """A receiver for one of a person's many-to-many relations (groups, own permissions), from
    either side; `whose` finds the people on the other side's record before it is cleared."""

    def changed(instance: Any, action: str, reverse: bool, pk_set: Any, **_: Any) -> None:
        if action not in CHANGES:
            return
        if not reverse:  # person.groups.add(...)
            standing_changed([instance.pk])
            _forget(instance)
        elif action == "pre_clear":  # group.user_set.clear()
            standing_changed(whose([instance.pk]))
        else:
            standing_changed(pk_set or ())

    return changed


def _group_permissions_changed(
    instance: Any, action: str, reverse: bool, pk_set: Any, **_: Any
) -> None:
    if action not in CHANGES:
        return
    if not reverse:  # group.permissions.add(...): everyone in the group
        standing_changed(_members([instance.pk]))
    elif action == "pre_clear":  # permission.group_set.clear()
        standing_changed(_members(instance.group_set.values_list("pk", flat=True)))
    else:
        standing_changed(_members(pk_set or ()))


def _group_deleted(instance: Group, **_: Any) -> None:
    standing_changed(_members([instance.pk]))


def _permission_deleted(instance: Permission, **_: Any) -> None:
    standing_changed(_holders([instance.pk]))


def _device_changed(instance: TOTPDevice, **_: Any) -> None:
    standing_changed([instance.user_id])


def connect_receivers() -> None:
    uid = "core.standing"
    for relation, whose, name in (
        (User.groups, _members, "ug"),
        (User.user_permissions, _holders, "up"),
    ):
        m2m_changed.connect(
            _person_relation(whose), relation.through, weak=False, dispatch_uid=f"{uid}.{name}"
        )
    m2m_changed.connect(
        _group_permissions_changed, Group.permissions.through, dispatch_uid=f"{uid}.gp"
    )
    pre_delete.connect(_group_deleted, Group, dispatch_uid=f"{uid}.group")
    pre_delete.connect(_permission_deleted, Permission, dispatch_uid=f"{uid}.permission")
    post_save.connect(_device_changed, TOTPDevice, dispatch_uid=f"{uid}.device-saved")
    post_delete.connect(_device_changed, TOTPDevice, dispatch_uid=f"{uid}.device-deleted")
