"""Demo content: each app registers a loader; `equityhub demo` runs them in order.

A loader takes the demo password and returns the sign-ins it created, as
(role label, email, password). Loaders must be idempotent: running twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SignIn = tuple[str, str, str]
DemoLoader = Callable[[str], list[SignIn]]


@dataclass(frozen=True)
class _Registered:
    order: int
    loader: DemoLoader


_loaders: dict[str, _Registered] = {}


def register_demo_loader(name: str, loader: DemoLoader, *, order: int = 100) -> None:
    _loaders[name] = _Registered(order, loader)


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    ordered = sorted(_loaders.items(), key=lambda item: (item[1].order, item[0]))
    return [(name, entry.loader) for name, entry in ordered]
