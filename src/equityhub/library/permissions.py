"""Who may do what in the library. Content editors are a Django group; administrators are
superusers. Readers: anyone for public items, signed-in people for members-only items."""

from __future__ import annotations

from typing import Any

import rules

from equityhub.core.standing import in_group
from equityhub.people.models import GlobalRole


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_editor(user: Any) -> bool:
    """Content editors and administrators moderate contributions and comments."""
    if not is_signed_in(user):
        return False
    return bool(user.is_superuser) or in_group(user, GlobalRole.CONTENT_EDITOR)


def editors() -> list[Any]:
    from equityhub.core.models import User

    return list(User.objects.filter(is_active=True).filter(rules_q_editor()).distinct())


def rules_q_editor() -> Any:
    from django.db.models import Q

    return Q(is_superuser=True) | Q(groups__name=GlobalRole.CONTENT_EDITOR)


rules.set_perm("library.moderate", rules.predicate(is_editor))
