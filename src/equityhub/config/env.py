"""Typed readers for settings taken from the environment.

Each reader fails loudly, naming the variable, when a value cannot be understood: a typo in
production configuration must stop the start-up, not silently fall back to a default.
"""

from __future__ import annotations

import builtins
import os
import re
from collections.abc import Mapping

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
# A request rate as django-ninja's throttle reads it: count/period, e.g. 5/15m, 100/h, 300/m.
RATE = re.compile(r"[1-9][0-9]*/([1-9][0-9]*)?(s|sec|m|min|h|hour|d|day)")


class SettingError(ValueError):
    """A setting in the environment has a value that cannot be used."""


class Env:
    """Read typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, source: Mapping[builtins.str, builtins.str] | None = None) -> None:
        self.source = os.environ if source is None else source

    def str(self, name: builtins.str, default: builtins.str = "") -> builtins.str:
        return self.source.get(name, default).strip()

    def required(self, name: builtins.str) -> builtins.str:
        value = self.str(name)
        if not value:
            raise SettingError(f"{name} must be set")
        return value

    def bool(self, name: builtins.str, default: builtins.bool = False) -> builtins.bool:
        raw = self.source.get(name)
        if raw is None:
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise SettingError(f"{name}={raw!r} is not a yes/no value (use true or false)")

    def int(
        self, name: builtins.str, default: builtins.int, *, minimum: builtins.int | None = None
    ) -> builtins.int:
        raw = self.source.get(name)
        if raw is None or not raw.strip():
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise SettingError(f"{name}={raw!r} is not a whole number") from None
        if minimum is not None and value < minimum:
            raise SettingError(f"{name}={value} is below the minimum of {minimum}")
        return value

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str] | None = None
    ) -> builtins.list[builtins.str]:
        raw = self.source.get(name)
        if raw is None:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]

    def choice(
        self, name: builtins.str, choices: tuple[builtins.str, ...], default: builtins.str
    ) -> builtins.str:
        value = self.str(name, default) or default
        if value not in choices:
            raise SettingError(f"{name}={value!r} is not one of {', '.join(choices)}")
        return value

    def url(self, name: builtins.str, default: builtins.str = "") -> builtins.str:
        value = self.str(name, default)
        if value and "://" not in value:
            raise SettingError(f"{name}={value!r} is not a URL (expected scheme://...)")
        return value

    def rate(self, name: builtins.str, default: builtins.str) -> builtins.str:
        value = self.str(name, default) or default
        if not RATE.fullmatch(value):
            raise SettingError(
                f"{name}={value!r} is not a rate (count/period, for example 5/15m or 100/h)"
            )
        return value
