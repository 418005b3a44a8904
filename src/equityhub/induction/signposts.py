"""Where the plan finds events and buddies: the learning pillar's offers, when present.

The learning pillar provides `equityhub.learning.offers` with `upcoming_events(user, limit)` and
`suggest_buddies(user, limit)`. Until that module exists, these functions return nothing, and the
plan simply has no event or buddy suggestions. Results are turned into plan candidates here, so
the plan rules never see another app's models.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from typing import Any

from equityhub.induction.planning import Candidate

OFFERS_MODULE = "equityhub.learning.offers"


def _offers() -> Any:
    if importlib.util.find_spec(OFFERS_MODULE) is None:
        return None
    return importlib.import_module(OFFERS_MODULE)


def _first(obj: Any, *names: str) -> Any:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value not in (None, ""):
            return value
    return None


def _href(obj: Any) -> str:
    url = _first(obj, "href", "url", "link")
    if url is None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    return str(url or "")


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def events_for(user: Any, limit: int = 3) -> list[Candidate]:
    module = _offers()
    if module is None or not hasattr(module, "upcoming_events"):
        return []
    found = []
    for event in module.upcoming_events(user, limit):
        key = _first(event, "pk", "id") or _first(event, "title", "name")
        found.append(
            Candidate(
                key=f"event:{key}",
                kind="event",
                title=str(_first(event, "title", "name") or event),
                href=_href(event),
                on=_date(_first(event, "starts_at", "starts_on", "date", "on")),
            )
        )
    return found


def buddies_for(user: Any, limit: int = 3) -> list[Candidate]:
    module = _offers()
    if module is None or not hasattr(module, "suggest_buddies"):
        return []
    found = []
    for buddy in module.suggest_buddies(user, limit):
        person = _first(buddy, "user", "buddy", "person") or buddy
        name = _first(person, "full_name", "name", "email") or str(person)
        key = _first(person, "pk", "id") or name
        reason = _first(buddy, "reason", "why")
        found.append(
            Candidate(
                key=f"buddy:{key}",
                kind="buddy",
                title=f"Buddy: {name}",
                href=_href(buddy) if buddy is not person else "",
                hint=str(reason or ""),
            )
        )
    return found
