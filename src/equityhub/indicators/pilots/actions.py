"""Actions a higher layer offers on a pilot's page (dependency inversion).

The indicators app may not import the library or learning. Those apps register a provider at
start-up; the pilot page asks every provider what to show for the person reading it. A provider
returns an action with a link ("Share as a case study"), a note without one ("Shared as a case
study"), or None when it has nothing to offer.

Higher layers may not reach the statistics engine, even through ``indicators.pilots``, so the
pilot's evaluation in words is offered here too: ``IndicatorsConfig.ready`` registers
``pilots.results_in_words`` and other apps call :func:`pilot_results_in_words`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from equityhub.indicators.pilots.models import Pilot


@dataclass(frozen=True)
class PilotAction:
    """A link (``url``) or, with no ``url``, a statement of what was done."""

    label: str
    url: str = ""
    hint: str = ""


PilotActionProvider = Callable[[Any, Pilot], PilotAction | None]
_providers: dict[str, PilotActionProvider] = {}


def register_pilot_action(name: str, provider: PilotActionProvider) -> None:
    """Register (or replace) the provider called `name`; called from an app's ``ready()``."""
    _providers[name] = provider


def pilot_actions(user: Any, pilot: Pilot) -> list[PilotAction]:
    """What the registered providers offer `user` on `pilot`'s page, in registration order."""
    found = (provider(user, pilot) for provider in _providers.values())
    return [action for action in found if action is not None]


_describe: list[Callable[[Pilot], str]] = []


def register_results_in_words(describe: Callable[[Pilot], str]) -> None:
    """Set how a pilot's evaluation is put into words (the indicators app does, at start-up)."""
    _describe[:] = [describe]


def pilot_results_in_words(pilot: Pilot) -> str:
    """The pilot's evaluation as plain sentences; empty if nothing registered a describer."""
    return _describe[0](pilot) if _describe else ""
