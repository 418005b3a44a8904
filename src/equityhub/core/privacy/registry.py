"""Personal data: what each app holds about a person, and what happens to it on request.

Every model with a link to a person's account is registered here by the app that owns it, in
that app's `privacy.py` (found automatically at start-up), saying what the rows are and what
happens to them when the account is deleted:

- `erase`: the rows are personal and are deleted (notifications, follows, memberships);
- `anonymise`: the rows are contributions to shared spaces (posts, replies, comments,
  suggestions): they stay for everyone else, but now belong to a nameless "Former member"
  account that cannot sign in;
- `detach`: the link is cleared (who approved, who uploaded) and the row stays;
- `keep`: the rows stay as they are for a stated reason (the security audit log).

A test walks every model with a link to the account model and fails when one is not registered,
so a model added later cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules

from equityhub.core.models import User

Action = Literal["erase", "anonymise", "detach", "keep"]
ACTIONS: tuple[Action, ...] = ("erase", "anonymise", "detach", "keep")
# Each deleted person's shared contributions pass to an account of their own with no name, no
# email and no password (one per person, so rows that are unique per person stay unique).
FORMER_MEMBER_DOMAIN = "former-member.equityhub.invalid"
FORMER_MEMBER_NAME = "Former member"
# Never exported, whatever the model.
SECRET_FIELDS = frozenset({"password", "token", "key_hash", "secret", "otp_secret"})

Scrub = Callable[[models.QuerySet[Any]], None]
ErasureCheck = Callable[[User], list[str]]


@dataclass(frozen=True)
class Holding:
    """One link from a model to a person's account, and what it means for them."""

    model_label: str
    field_name: str
    action: Action
    what: str
    reason: str = ""
    export: bool = True
    exclude: tuple[str, ...] = ()
    scrub: Scrub | None = field(default=None, compare=False)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def rows(self, user: User) -> models.QuerySet[Any]:
        return self.model._default_manager.filter(**{self.field_name: user})


_holdings: dict[tuple[str, str], Holding] = {}
_erasure_checks: list[ErasureCheck] = []
_discovered = False


def register_personal_data(
    model_label: str,
    field_name: str,
    *,
    action: Action,
    what: str,
    reason: str = "",
    export: bool = True,
    exclude: tuple[str, ...] = (),
    scrub: Scrub | None = None,
) -> None:
    """Declare that `model_label.field_name` links rows to a person (call from `privacy.py`)."""
    if action not in ACTIONS:
        raise ValueError(f"{model_label}.{field_name}: action must be one of {ACTIONS}")
    if action == "keep" and not reason:
        raise ValueError(f"{model_label}.{field_name}: say why the rows are kept")
    key = (model_label.lower(), field_name)
    _holdings[key] = Holding(model_label, field_name, action, what, reason, export, exclude, scrub)


def register_erasure_check(check: ErasureCheck) -> None:
    """A check run before an account is deleted; it returns reasons the deletion must wait."""
    _erasure_checks.append(check)


def discover() -> None:
    """Import every app's `privacy` module once (Django's own autodiscovery)."""
    global _discovered
    if not _discovered:
        import equityhub.core.privacy.holdings  # noqa: F401 - core's and libraries' models

        autodiscover_modules("privacy")
        _discovered = True


def holdings() -> list[Holding]:
    discover()
    return sorted(_holdings.values(), key=lambda h: (h.model_label.lower(), h.field_name))


def erasure_checks() -> list[ErasureCheck]:
    discover()
    return list(_erasure_checks)


def is_covered(model: type[models.Model], field_name: str) -> bool:
    discover()
    return (model._meta.label_lower, field_name) in _holdings


def links_to_accounts() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) where a model's own field points at the account model."""
    user_model = apps.get_model("core", "User")
    found = []
    for model in apps.get_models(include_auto_created=True):
        for model_field in model._meta.concrete_fields:
            if (
                model_field.is_relation
                and model_field.related_model is user_model
                and model_field.model is model
            ):
                found.append((model, model_field.name))
    return found
