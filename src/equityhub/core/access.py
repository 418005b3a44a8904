"""Who is privileged: anyone who can reach the CMS or the Django admin, or moderate the library.

Decided by permission, never by group name: a group an administrator makes up later and gives
CMS access to is privileged the moment it has that permission. Privileged people must use a
second factor after a password sign-in (`people.mfa`) and are signed out sooner when idle
(`core.sessions`).
"""

from __future__ import annotations

from typing import Any

# `wagtailadmin.access_admin` opens /cms/; `library.moderate` (a rules permission the library
# registers) opens the editors' moderation pages. `is_staff` opens /django-admin/.
PRIVILEGED_PERMISSIONS = ("wagtailadmin.access_admin", "library.moderate")


def signed_in(user: Any) -> bool:
    """An active account, signed in (None and anonymous visitors are not)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_privileged(user: Any) -> bool:
    """True for an active account that can reach /cms/, /django-admin/ or moderation."""
    if not signed_in(user):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(user.has_perm(permission) for permission in PRIVILEGED_PERMISSIONS)
